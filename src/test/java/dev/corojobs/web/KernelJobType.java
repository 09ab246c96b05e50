package dev.corojobs.web;

import dev.corojobs.jobs.DeadlockException;
import dev.corojobs.jobs.JobRequest;
import dev.corojobs.jobs.JobType;
import dev.corojobs.jobs.JobWork;
import dev.corojobs.runtime.Kernel;
import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.SystemCall;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskTracker;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job type for tests only, {@code kernel-test} at {@code POST /api/v1/jobs/kernel-tests}: a kernel running
 * hand-written tasks of a given shape, whose cleanups are recorded in {@link Cleanups}.
 *
 * <ul>
 *   <li>{@code busy}: 1 spins, 2 sleeps for ever, 3 waits for 1, 4 delegates to a spinning coroutine;</li>
 *   <li>{@code deadlock}: 1 and 2 wait for each other, 3 waits for 1;</li>
 *   <li>{@code hog}: one task whose second step runs 300 ms without yielding.</li>
 * </ul>
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(KernelJobType.KernelController.class)
public class KernelJobType {

    record KernelRequest(@NotNull @Pattern(regexp = "busy|deadlock|hog") String shape, @NotNull String tag) {
    }

    /** "tag: name cleanup" for every task cleanup that ran. */
    record Cleanups(List<String> lines) {
    }

    @Bean
    Cleanups cleanups() {
        return new Cleanups(new CopyOnWriteArrayList<>());
    }

    @Bean
    JobType kernelTestJobType(TaskTracker tracker, Cleanups cleanups, JsonMapper json) {
        return new JobType() {
            @Override
            public String name() {
                return "kernel-test";
            }

            @Override
            public String resource() {
                return "kernel-tests";
            }

            @Override
            public JobWork work(JobRequest request) {
                KernelRequest kernel = json.readValue(request.json(), KernelRequest.class);
                return new KernelWork(tracker, kernel.shape(), kernel.tag(), cleanups.lines());
            }
        };
    }

    @RestController
    static class KernelController {

        private final JobSubmissions submissions;

        KernelController(JobSubmissions submissions) {
            this.submissions = submissions;
        }

        @PostMapping(path = "/api/v1/jobs/kernel-tests", consumes = MediaType.APPLICATION_JSON_VALUE)
        ResponseEntity<?> submit(@Valid @RequestBody KernelRequest request, @RequestParam(required = false) String wait,
                @RequestParam(required = false) String timeout) {
            return submissions.submit("kernel-test", request, null, wait, timeout, null);
        }
    }

    static final class KernelWork extends StacklessCoroutine<Object, Map<String, Object>, Object> implements JobWork {

        private final TaskTracker tracker;
        private final String shape;
        private final String tag;
        private final List<String> cleanups;
        private final Kernel kernel;
        private boolean started;

        KernelWork(TaskTracker tracker, String shape, String tag, List<String> cleanups) {
            this.tracker = tracker;
            this.shape = shape;
            this.tag = tag;
            this.cleanups = cleanups;
            this.kernel = new Kernel(TaskKind.SIMULATION, tracker, null);
        }

        @Override
        protected void step(Object ignored) {
            if (!started) {
                started = true;
                tracker.register(kernel);
                switch (shape) {
                    case "busy" -> {
                        kernel.spawn(new Task("spinner", i -> null));
                        kernel.spawn(new Task("sleeper", i -> new SystemCall.Sleep(1_000_000_000L)));
                        kernel.spawn(new Task("waiter", i -> new SystemCall.WaitTask(1)));
                        kernel.spawn(new Outer());
                    }
                    case "deadlock" -> {
                        kernel.spawn(new Task("a", i -> new SystemCall.WaitTask(2)));
                        kernel.spawn(new Task("b", i -> new SystemCall.WaitTask(1)));
                        kernel.spawn(new Task("c", i -> new SystemCall.WaitTask(1)));
                    }
                    default -> kernel.spawn(new Task("hog", i -> {
                        if (i == 1) {
                            long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
                            while (System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                        }
                        return i < 3 ? null : Task.END;
                    }));
                }
                yieldValue(Map.of("tasks", kernel.alive()));
                return;
            }
            switch (kernel.run(100)) {
                case FINISHED -> finish(Map.of("steps", kernel.steps()));
                case DEADLOCKED -> throw new DeadlockException(kernel.deadlockReport(),
                        "after " + kernel.steps() + " steps");
                case BUDGET_EXHAUSTED -> {
                    LockSupport.parkNanos(Duration.ofMillis(2).toNanos()); // gentle on a shared machine
                    yieldValue(Map.of("steps", kernel.steps()));
                }
            }
        }

        @Override
        protected void onClose() {
            kernel.killAll();
            tracker.unregister(kernel);
        }

        @Override
        public List<TaskGroup> taskGroups() {
            return List.of(kernel);
        }

        /** Yields what {@code script} says for step i, for ever (or until it answers {@link #END}). */
        final class Task extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
            static final SystemCall END = new SystemCall.GetTid();
            private final String name;
            private final java.util.function.IntFunction<SystemCall> script;
            private int i;

            Task(String name, java.util.function.IntFunction<SystemCall> script) {
                this.name = name;
                this.script = script;
            }

            @Override
            protected void step(Object sent) {
                SystemCall call = script.apply(i++);
                if (call == END) {
                    finish(null);
                } else {
                    yieldValue(call);
                }
            }

            @Override
            protected void onClose() {
                cleanups.add(tag + ": " + name + " cleanup");
            }

            @Override
            public String name() {
                return name;
            }
        }

        /** Delegates to a coroutine that spins: its chain is outer -> inner. */
        final class Outer extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
            @Override
            protected void step(Object sent) {
                delegateTo(new Task("inner", i -> null));
            }

            @Override
            protected void onClose() {
                cleanups.add(tag + ": outer cleanup");
            }

            @Override
            public String name() {
                return "outer";
            }
        }
    }
}
