package dev.corojobs;

import dev.corojobs.observability.InMemoryTraces;
import dev.corojobs.web.CountingJobType;
import dev.corojobs.web.KernelJobType;
import dev.corojobs.web.LogAnalysisDataDir;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The one application context that the HTTP tests share: the whole application on a random port, with the
 * test job types and the log-analysis data directory. Spring's context cache starts it once per test JVM, so a
 * test class that needs other settings (and its own context) must say why.
 *
 * <p>The settings are the union of what the tests need: a 2 KB request limit (413 tests), a 10 minute
 * {@code timeout} cap (400 tests), a step cap high enough for simulations that outlive their test, one task
 * step per simulation job step (a simulation lasts long enough to be cancelled from the dashboard), and small
 * pipeline batches (several batches from the small fixtures); finished spans are kept in memory and exported
 * every 50 ms.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "corojobs.jobs.max-request-size=2KB",
        "corojobs.jobs.max-timeout=10m",
        "corojobs.runtime.long-step-threshold=100ms",
        "corojobs.simulation.max-steps=100000000000",
        "corojobs.simulation.slice-steps=1",
        "corojobs.pipeline.batch-size=4KB",
        "management.opentelemetry.tracing.export.schedule-delay=50ms"})
@AutoConfigureRestTestClient
@Import({CountingJobType.class, KernelJobType.class, LogAnalysisDataDir.class, InMemoryTraces.class})
public @interface ApiTest {
}
