package dev.corojobs;

import dev.corojobs.runtime.LongStep;
import dev.corojobs.runtime.StepWatchdog;
import dev.corojobs.runtime.TaskTracker;
import java.time.Duration;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The coroutine runtime's shared parts: one {@link TaskTracker} that every kernel, pipeline and server reports to,
 * and the long-step watchdog that logs each task step hogging its kernel, with the task's dump and where the
 * kernel thread was (metrics binds its count).
 */
@Configuration(proxyBeanMethods = false)
class RuntimeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StepWatchdog.class);

    /**
     * Runtime observability settings, under {@code corojobs.runtime}.
     *
     * @param longStepThreshold a task step running longer than this without yielding is logged and counted
     */
    @ConfigurationProperties("corojobs.runtime")
    record RuntimeProperties(@DefaultValue("100ms") Duration longStepThreshold) {
    }

    @Bean
    TaskTracker taskTracker() {
        return new TaskTracker();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    StepWatchdog stepWatchdog(TaskTracker tracker, RuntimeProperties properties) {
        return new StepWatchdog(tracker, properties.longStepThreshold(), RuntimeConfiguration::logLongStep);
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
