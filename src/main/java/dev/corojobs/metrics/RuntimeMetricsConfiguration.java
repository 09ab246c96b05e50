package dev.corojobs.metrics;

import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskOutcome;
import dev.corojobs.runtime.TaskState;
import dev.corojobs.runtime.TaskTracker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The runtime's task counts, bound to Micrometer from the outside: the runtime itself knows no metrics library. */
@Configuration(proxyBeanMethods = false)
class RuntimeMetricsConfiguration {

    @Bean
    MeterBinder taskMetrics(TaskTracker tracker) {
        return registry -> {
            for (TaskKind kind : TaskKind.values()) {
                for (TaskState state : TaskState.values()) {
                    Gauge.builder("corojobs.tasks", tracker, t -> t.live(kind, state))
                            .description("Coroutine tasks alive in the runtime now")
                            .tag("kind", kind.label())
                            .tag("state", state.label())
                            .register(registry);
                }
                FunctionCounter.builder("corojobs.tasks.spawned", tracker, t -> t.spawnedTotal(kind))
                        .description("Coroutine tasks started")
                        .tag("kind", kind.label())
                        .register(registry);
                for (TaskOutcome outcome : TaskOutcome.values()) {
                    FunctionCounter.builder("corojobs.tasks.finished", tracker, t -> t.finishedTotal(kind, outcome))
                            .description("Coroutine tasks that ended, by how they ended")
                            .tag("kind", kind.label())
                            .tag("outcome", outcome.label())
                            .register(registry);
                }
            }
        };
    }
}
