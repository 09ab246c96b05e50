package dev.corojobs;

import dev.corojobs.runtime.TaskTracker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The coroutine runtime's shared parts: one {@link TaskTracker} that every kernel, pipeline and server reports to. */
@Configuration(proxyBeanMethods = false)
class RuntimeConfiguration {

    @Bean
    TaskTracker taskTracker() {
        return new TaskTracker();
    }
}
