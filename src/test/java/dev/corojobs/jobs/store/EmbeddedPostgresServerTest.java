package dev.corojobs.jobs.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @Test
    void refusesADataDirectoryInsideTheLogDataDirectory(@TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(logs.resolve("db/../state/postgres"), dir.resolve("./logs")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corojobs.store.embedded.data-dir (" + logs.toRealPath().resolve("state/postgres") + ")")
                .hasMessageContaining("lies inside corojobs.pipeline.data-dir (" + logs.toRealPath() + ")");
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(logs, logs))
                .isInstanceOf(IllegalStateException.class);
    }
}
