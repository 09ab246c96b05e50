package dev.corojobs.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** This process's open file descriptors, from {@code /proc/self}. */
final class Descriptors {

    private Descriptors() {
    }

    static long open() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The soft limit on open descriptors ({@code Max open files}). */
    static long limit() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits"))) {
            String line = lines.filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
            String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
            return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The open descriptors and what they point to, without the jars (for failure messages). */
    static String describe() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return fd.getFileName() + "->" + Files.readSymbolicLink(fd);
                } catch (IOException gone) {
                    return fd.getFileName() + "->?";
                }
            }).filter(link -> !link.contains(".jar")).toList().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
