package dev.corojobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.ApiTest;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskOutcome;
import dev.corojobs.runtime.TaskTracker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Issue 9 on real scheduler simulations: task dumps, deadlock problems, timeouts, idempotent submits. */
@ApiTest
class SimulationObservabilityApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    /** A spinner that yields for minutes (1e11 steps), two tasks waiting for it and a long sleeper. */
    private static final String BUSY_PROGRAM = """
            {'program': {'tasks': {
               'spinner': [{'op': 'repeat', 'times': 100000, 'body': [
                              {'op': 'repeat', 'times': 1000000, 'body': [{'op': 'yield'}]}]}],
               'waiter': [{'op': 'wait', 'tid': 1}],
               'sleeper': [{'op': 'sleep', 'ticks': 1000000000}]},
             'start': ['spinner', {'task': 'waiter', 'count': 2}, 'sleeper'],
             'maxSteps': 100000000000, 'traceLimit': 0}%s}""";

    @Autowired
    RestTestClient client;

    @Autowired
    TaskTracker tracker;

    private EntityExchangeResult<Map<String, Object>> submit(String body, String query, String idempotencyKey) {
        var request = client.post().uri("/api/v1/jobs/scheduler-simulations" + query)
                .contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(body.replace('\'', '"')).exchange().returnResult(JSON);
    }

    private Map<String, Object> get(String uri) {
        return client.get().uri(uri).exchange().expectStatus().isOk().returnResult(JSON).getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tasks(Map<String, Object> dump) {
        return (List<Map<String, Object>>) dump.get("tasks");
    }

    @Test
    void theDumpListsARunningSimulationsTasksWithTheirStates() {
        String id = (String) submit(BUSY_PROGRAM.formatted(""), "", null).getResponseBody().get("id");
        try {
            await().until(() -> "RUNNING".equals(get("/api/v1/jobs/" + id).get("state"))
                    && tasks(get("/api/v1/jobs/" + id + "/tasks")).size() == 4);

            List<Map<String, Object>> tasks = tasks(get("/api/v1/jobs/" + id + "/tasks"));

            assertThat(tasks).extracting(t -> t.get("name")).containsExactly("spinner", "waiter", "waiter", "sleeper");
            assertThat(tasks).allSatisfy(t -> assertThat(t).containsEntry("jobId", id).containsEntry("kind", "simulation"));
            assertThat(tasks.get(0).get("state")).isIn("ready", "running");
            assertThat(tasks.get(1)).containsEntry("state", "suspended").containsEntry("waitsOn", Map.of("task", 1))
                    .containsEntry("parent", 0);
            assertThat(tasks.get(3)).containsEntry("state", "suspended");
            assertThat(tasks.get(3).get("waitsOn")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("tick");
            assertThat(tasks(get("/api/v1/runtime/tasks?size=100000"))).filteredOn(t -> id.equals(t.get("jobId")))
                    .hasSize(4);
        } finally {
            client.delete().uri("/api/v1/jobs/" + id).exchange();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeadlockedSimulationFailsWithAProblemNamingEachCycleAndTheTasksBehindIt() {
        String program = """
                {'program': {'tasks': {
                   'a': [{'op': 'wait', 'tid': 2}], 'b': [{'op': 'wait', 'tid': 3}], 'c': [{'op': 'wait', 'tid': 1}],
                   'd': [{'op': 'wait', 'tid': 1}], 'e': [{'op': 'wait', 'tid': 6}], 'f': [{'op': 'wait', 'tid': 5}]},
                 'start': ['a', 'b', 'c', 'd', 'e', 'f']}}""";

        Map<String, Object> job = submit(program, "?wait=20", null).getResponseBody();

        assertThat(job).containsEntry("state", "FAILED");
        Map<String, Object> error = (Map<String, Object>) job.get("error");
        assertThat(error).containsEntry("type", "https://corojobs.dev/problems/deadlock")
                .containsEntry("cycles", List.of(List.of(1, 2, 3), List.of(5, 6)))
                .containsEntry("waitsFor", List.of("task 1 waits for 2, 2 waits for 3, 3 waits for 1",
                        "task 5 waits for 6, 6 waits for 5"))
                .containsEntry("blocked", List.of(Map.of("task", 4, "waitsFor", 1, "cycle", 1)));
        assertThat((String) error.get("detail"))
                .contains("cycle 1: task 1 waits for 2, 2 waits for 3, 3 waits for 1")
                .contains("blocked: task 4 waits for 1, behind cycle 1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSimulationPastItsTimeoutFailsWithATimeoutProblemAndItsTasksAreClosed() {
        long cancelledBefore = tracker.finishedTotal(TaskKind.SIMULATION, TaskOutcome.CANCELLED);

        Map<String, Object> job = submit(BUSY_PROGRAM.formatted(""), "?wait=30&timeout=PT0.5S", null)
                .getResponseBody();

        assertThat(job).containsEntry("state", "FAILED");
        Map<String, Object> error = (Map<String, Object>) job.get("error");
        assertThat((String) error.get("type")).endsWith("timeout");
        assertThat((String) error.get("detail")).contains("PT0.5S");
        // the work was closed: its four live tasks were killed (cleanup ran) and its kernel is gone
        assertThat(tracker.finishedTotal(TaskKind.SIMULATION, TaskOutcome.CANCELLED)).isGreaterThanOrEqualTo(cancelledBefore + 4);
        assertThat(tasks(get("/api/v1/jobs/" + job.get("id") + "/tasks"))).isEmpty();
    }

    @Test
    void theSameIdempotencyKeyAndBodyGiveTheSameJobAndADifferentBodyIsAConflict() {
        String seed = "{'example': 'seed'}";
        EntityExchangeResult<Map<String, Object>> first = submit(seed, "?wait=10", "obs-key-1");
        EntityExchangeResult<Map<String, Object>> again = submit(seed, "", "obs-key-1");
        EntityExchangeResult<Map<String, Object>> other = submit("{'example': 'fork-join'}", "", "obs-key-1");

        assertThat(first.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(again.getStatus()).isIn(HttpStatus.OK, HttpStatus.ACCEPTED);
        assertThat(again.getResponseBody().get("id")).isEqualTo(first.getResponseBody().get("id"));
        assertThat(other.getStatus()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(other.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) other.getResponseBody().get("detail")).contains("obs-key-1");
        assertThat(submit(seed, "", "obs-key-2").getResponseBody().get("id")).isNotEqualTo(first.getResponseBody().get("id"));
    }
}
