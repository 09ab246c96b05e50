package dev.corojobs.jobs.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One PostgreSQL per test JVM, started the way the application starts its embedded one and migrated once;
 * {@link #reset()} empties the tables between tests.
 */
public final class TestPostgres {

    private static EmbeddedPostgresServer server;
    private static HikariDataSource dataSource;
    private static final java.util.concurrent.atomic.AtomicInteger DATABASES = new java.util.concurrent.atomic.AtomicInteger();

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("corojobs-store-test");
                server = EmbeddedPostgresServer.start(dir.resolve("data"), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // shutdown hooks run side by side: let the application contexts (closed by Spring Boot's hook)
                // stop their job services while their database is still up
                Thread.getAllStackTraces().keySet().stream()
                        .filter(thread -> thread.getName().equals("SpringApplicationShutdownHook"))
                        .forEach(TestPostgres::joinQuietly);
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(server.jdbcUrl());
            dataSource.setUsername(server.username());
            dataSource.setMaximumPoolSize(12);
            Flyway.configure().dataSource(dataSource).load().migrate();
        }
        return server;
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(java.time.Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static HikariDataSource dataSource() {
        server();
        return dataSource;
    }

    public static JdbcClient jdbc() {
        return JdbcClient.create(dataSource());
    }

    public static JobStore store(long maxResultBytes) {
        return new JobStore(jdbc(), new TransactionTemplate(new DataSourceTransactionManager(dataSource())),
                maxResultBytes);
    }

    /**
     * A new, empty database on this server, as the properties that point an application at it (for tests that
     * start an application themselves rather than through Spring's test framework).
     */
    public static String[] newDatabaseProperties() {
        String name = "app_" + DATABASES.incrementAndGet();
        jdbc().sql("CREATE DATABASE " + name).update();
        return new String[] {"spring.datasource.url=" + server().jdbcUrl().replaceFirst("/postgres$", "/" + name),
                "spring.datasource.username=" + server().username()};
    }

    /**
     * Listens as the application does, on a connection of its own: a pooled one would go back to the pool still
     * listening and hand the next test's listener the notifications of earlier tests.
     */
    public static StoreNotifications notifications() {
        return new StoreNotifications(() -> DriverManager.getConnection(dataSource().getJdbcUrl(),
                dataSource().getUsername(), dataSource().getPassword()));
    }

    public static void reset() {
        jdbc().sql("TRUNCATE jobs, job_results, job_events, job_inputs, job_input_chunks, job_trace_chunks")
                .update();
    }
}
