package dev.corojobs.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The {@code corojobs.pipeline.data-dir} of the shared test application: a temporary folder with
 * {@code excerpt.log}, {@code sub/pre-fix.log} and, when {@code ../shared} is there, the full {@code apache_logs}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LogAnalysisDataDir {

    static final Path DIR = create();

    private static Path create() {
        try {
            Path dir = Files.createTempDirectory("corojobs-data-");
            Files.write(dir.resolve("excerpt.log"), fixture("apache_logs-excerpt.log"));
            Files.createDirectories(dir.resolve("sub"));
            Files.write(dir.resolve("sub/pre-fix.log"), fixture("apache_logs.pre-fix-excerpt.log"));
            String shared = System.getProperty("corojobs.shared-dir");
            if (shared != null && Files.isRegularFile(Path.of(shared, "data/accesslogs/apache_logs"))) {
                Files.copy(Path.of(shared, "data/accesslogs/apache_logs"), dir.resolve("apache_logs"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] fixture(String name) {
        try (InputStream in = Objects.requireNonNull(LogAnalysisDataDir.class.getResourceAsStream("/accesslogs/" + name))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Bean
    DynamicPropertyRegistrar logAnalysisDataDir() {
        return registry -> registry.add("corojobs.pipeline.data-dir", DIR::toString);
    }
}
