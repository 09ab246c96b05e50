package dev.corojobs.observability;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The test application's span exporter: finished spans stay in memory for the tests to read. */
@TestConfiguration(proxyBeanMethods = false)
public class InMemoryTraces {

    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}
