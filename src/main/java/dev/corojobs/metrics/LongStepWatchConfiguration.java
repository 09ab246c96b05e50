package dev.corojobs.metrics;

import dev.corojobs.runtime.StepWatchdog;
import dev.corojobs.runtime.TaskKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The long-step watchdog's count, bound as {@code corojobs_long_steps_total{kind}}. */
@Configuration(proxyBeanMethods = false)
class LongStepWatchConfiguration {

    @Bean
    MeterBinder longStepMetrics(StepWatchdog watchdog) {
        return registry -> {
            for (TaskKind kind : TaskKind.values()) {
                FunctionCounter.builder("corojobs.long.steps", watchdog, w -> w.longStepsTotal(kind))
                        .description("Task steps that ran longer than corojobs.runtime.long-step-threshold without yielding")
                        .tag("kind", kind.label())
                        .register(registry);
            }
        };
    }
}
