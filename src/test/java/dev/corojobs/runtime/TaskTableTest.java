package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTableTest {

    private final List<String> log = new ArrayList<>();

    @Test
    void keepsEachIdsFieldsAcrossPageBoundaries() {
        TaskTable table = new TaskTable();
        int last = 2 * TaskTable.PAGE + 3;
        List<SystemCall.Body> bodies = new ArrayList<>();
        bodies.add(null);
        for (int tid = 1; tid <= last; tid++) {
            SystemCall.Body body = ScriptedTask.spinning("t" + tid, log);
            bodies.add(body);
            table.add(tid, body, tid - 1, tid * 3);
            table.setReady(tid, (byte) 1, tid);
            table.addQueuedRef(tid, 1);
        }
        for (int tid = 1; tid <= last; tid++) {
            assertThat(table.body(tid)).isSameAs(bodies.get(tid));
            assertThat(table.parent(tid)).isEqualTo(tid - 1);
            assertThat(table.lastRunAt(tid)).isEqualTo(tid * 3);
            assertThat(table.state(tid)).isEqualTo((byte) 1);
            assertThat(table.queuedRefs(tid)).isEqualTo(1);
            assertThat(table.startStep(tid, (byte) 2, 7)).isEqualTo(tid);
            assertThat(table.startStep(tid, (byte) 2, 8)).isNull();
            assertThat(table.stepCount(tid)).isEqualTo(2);
            assertThat(table.lastRunAt(tid)).isEqualTo(8);
        }
    }

    @Test
    void aReusedIdStartsAfresh() {
        TaskTable table = new TaskTable();
        table.add(1, ScriptedTask.spinning("old", log), 0, 0);
        table.startStep(1, (byte) 2, 1);
        table.clear(1, (byte) 0);
        assertThat(table.body(1)).isNull();
        assertThat(table.stepCount(1)).isEqualTo(1);

        SystemCall.Body fresh = ScriptedTask.spinning("new", log);
        table.add(1, fresh, 5, 9);
        assertThat(table.body(1)).isSameAs(fresh);
        assertThat(table.stepCount(1)).isZero();
        assertThat(table.parent(1)).isEqualTo(5);
    }

    @Test
    void peeksOutOfRangeGiveNothingRatherThanFail() {
        TaskTable table = new TaskTable();
        table.add(1, ScriptedTask.spinning("one", log), 0, 0);
        assertThat(table.peekBody(1)).isNotNull();
        assertThat(table.peekBody(0)).isNull();
        assertThat(table.peekBody(17)).isNull();
        assertThat(table.peekBody(5 * TaskTable.PAGE)).isNull();
        assertThat(table.peekParent(5 * TaskTable.PAGE)).isZero();
        assertThat(table.peekStepCount(-3)).isZero();
    }
}
