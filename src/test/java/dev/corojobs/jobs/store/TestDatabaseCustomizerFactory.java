package dev.corojobs.jobs.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points each test application context at a new, empty database on the test JVM's one PostgreSQL
 * ({@link TestPostgres}), instead of letting each start a PostgreSQL of its own: contexts do not see each
 * other's jobs, and the suite pays for one server start.
 */
public final class TestDatabaseCustomizerFactory implements ContextCustomizerFactory {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new NewDatabase();
    }

    private static final class NewDatabase implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            String name = "context_" + DATABASES.incrementAndGet();
            TestPostgres.jdbc().sql("CREATE DATABASE " + name).update();
            EmbeddedPostgresServer server = TestPostgres.server();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-database", Map.of(
                    "spring.datasource.url", server.jdbcUrl().replaceFirst("/postgres$", "/" + name),
                    "spring.datasource.username", server.username())));
        }

        // one customizer for every context: it does not split Spring's context cache
        @Override
        public boolean equals(Object other) {
            return other instanceof NewDatabase;
        }

        @Override
        public int hashCode() {
            return NewDatabase.class.hashCode();
        }
    }
}
