package dev.corojobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The 19 lines the seed article's foo/bar scheduler run prints ({@code seed-trace.txt}), for every test that checks them. */
public final class SeedTrace {

    public static final List<String> LINES = load();

    private SeedTrace() {
    }

    private static List<String> load() {
        try (InputStream in = SeedTrace.class.getResourceAsStream("/seed-trace.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
