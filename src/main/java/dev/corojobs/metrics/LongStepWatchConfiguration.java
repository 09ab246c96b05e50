package dev.corojobs.metrics;

import dev.corojobs.runtime.LongStep;
import dev.corojobs.runtime.StepWatchdog;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskTracker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The long-step watchdog: logs each task step that hogs its kernel, with the task's dump and where the kernel
 * thread was, and counts it in {@code corojobs_long_steps_total{kind}}.
 */
@Configuration(proxyBeanMethods = false)
class LongStepWatchConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StepWatchdog.class);

    /**
     * Runtime observability settings, under {@code corojobs.runtime}.
     *
     * @param longStepThreshold a task step running longer than this without yielding is logged and counted
     */
    @ConfigurationProperties("corojobs.runtime")
    record RuntimeProperties(@DefaultValue("100ms") Duration longStepThreshold) {
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    StepWatchdog stepWatchdog(TaskTracker tracker, RuntimeProperties properties) {
        return new StepWatchdog(tracker, properties.longStepThreshold(), LongStepWatchConfiguration::logLongStep);
    }

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

    static void logLongStep(LongStep step) {
        var task = step.task();
        String stack = step.stack().stream().map(frame -> "\n\tat " + frame).collect(Collectors.joining());
        log.warn("Long step: {} task {} ({}) has run {} ms without yielding, starving its kernel: parent {}, "
                        + "runs {}, chain {}{}",
                task.kind().label(), task.id(), task.name(), step.nanos() / 1_000_000, task.parent(), task.runs(),
                String.join(" -> ", task.chain()), stack);
    }
}
