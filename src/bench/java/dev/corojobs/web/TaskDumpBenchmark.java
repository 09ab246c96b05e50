package dev.corojobs.web;

import dev.corojobs.runtime.Kernel;
import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.SystemCall;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskTracker;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a task dump of 1,000,000 live tasks costs: one kernel where task 1 yields for ever and the other
 * 999,999 wait for it, dumped as one page of 1,000,000 tasks (chunks of 1,024 taken on the kernel's side)
 * as JSON into a discarding stream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TaskDumpBenchmark {

    static final class Spinner extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
        @Override
        protected void step(Object sent) {
            yieldValue(null);
        }
    }

    static final class Waiter extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
        @Override
        protected void step(Object sent) {
            yieldValue(new SystemCall.WaitTask(1));
        }
    }

    private List<TaskDumpWriter.Source> sources;
    private TaskDumpWriter writer;
    private long bytes;

    @Setup
    public void start() {
        Kernel kernel = new Kernel(TaskKind.SIMULATION, new TaskTracker(), null);
        kernel.spawn(new Spinner());
        for (int i = 1; i < 1_000_000; i++) {
            kernel.spawn(new Waiter());
        }
        kernel.run(1_000_000);
        sources = List.of(new TaskDumpWriter.Source(kernel, UUID.randomUUID()));
        writer = new TaskDumpWriter(JsonMapper.builder().build());
    }

    @Benchmark
    public long dumpOneMillionTasksAsJson() {
        bytes = 0;
        writer.write(sources, 0, 1_000_000, new OutputStream() {
            @Override
            public void write(int b) {
                bytes++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes += len;
            }
        });
        return bytes;
    }
}
