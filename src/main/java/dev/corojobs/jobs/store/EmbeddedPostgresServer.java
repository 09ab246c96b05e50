package dev.corojobs.jobs.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the application starts for itself when no external database is configured: its data lives in
 * a directory that survives restarts, with {@code fsync} and {@code synchronous_commit} on (the library's
 * defaults turn both off), so that a job answered 202 survives a crash of the process or the machine.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** Crash recovery after a hard kill replays the WAL before the server accepts connections. */
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts PostgreSQL on a free loopback port with its data in {@code dataDir} (created on first start).
     *
     * @param forbiddenParent a directory the data must not lie in (the log-analysis data directory, from which
     *     jobs read files), or null
     */
    public static EmbeddedPostgresServer start(Path dataDir, Path forbiddenParent) throws IOException {
        Path data = canonical(dataDir);
        if (forbiddenParent != null && data.startsWith(canonical(forbiddenParent))) {
            throw new IllegalStateException("corojobs.store.embedded.data-dir (" + data
                    + ") lies inside corojobs.pipeline.data-dir (" + canonical(forbiddenParent)
                    + "), where log-analysis jobs could read the database's files; choose a directory outside it");
        }
        Files.createDirectories(data);
        stopOrphan(data);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(STARTUP_WAIT)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "100")
                .start();
        log.info("Embedded PostgreSQL on port {} with its data in {}", postgres.getPort(), data);
        return new EmbeddedPostgresServer(postgres, data);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    public String username() {
        return "postgres";
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops PostgreSQL (fast shutdown: open sessions are ended, the data is checkpointed). */
    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /**
     * A process killed hard (kill -9) leaves its PostgreSQL running, holding the data directory: stop that server
     * (a smart shutdown: its clients died with that process) so this one can start on the same data.
     */
    private static void stopOrphan(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty() : parsePid(lines.getFirst())
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(c -> c.contains("postgres")).orElse(false))
                .filter(process -> lines.size() > 1 && canonicalOrSelf(Path.of(lines.get(1).trim())).equals(data));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("A PostgreSQL (pid {}) left by an earlier run still holds {}: stopping it", orphan.get().pid(), data);
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(ORPHAN_STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The PostgreSQL (pid " + orphan.get().pid() + ") left by an earlier run on "
                    + data + " did not stop within " + ORPHAN_STOP_WAIT + "; stop it, then start again", e);
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path canonical(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        return existing.toRealPath().resolve(existing.relativize(absolute));
    }

    private static Path canonicalOrSelf(Path path) {
        try {
            return canonical(path);
        } catch (IOException e) {
            return path;
        }
    }
}
