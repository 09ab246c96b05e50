package dev.corojobs.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The admin key of an installation where nobody configured a key or a token issuer: made at first start, shown
 * once (through {@code announce}), and from then on known only by the hash kept in the key file.
 */
final class FirstStartKey {

    static final String NAME = "admin";
    static final String PREFIX = "cjk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private FirstStartKey() {
    }

    /** The admin key's entry: read from {@code keyFile}, or made now and its hash written there. */
    static ApiKeys.Entry load(Path keyFile, Consumer<String> announce) {
        try {
            if (!Files.exists(keyFile)) {
                String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
                byte[] hash = ApiKeys.sha256(key);
                if (write(keyFile, HexFormat.of().formatHex(hash) + "\n")) {
                    announce.accept(key);
                    return entry(hash);
                }
            }
            String stored = Files.readString(keyFile, StandardCharsets.UTF_8);
            return entry(ApiKeys.parseHash("the key file " + keyFile.toAbsolutePath(), stored));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the generated admin key's hash in " + keyFile.toAbsolutePath()
                    + " (corojobs.security.key-file); make it writable, or configure corojobs.security.api-keys: "
                    + e.getMessage(), e);
        }
    }

    /** Creates the file readable by its owner only; false when another process created it first. */
    private static boolean write(Path keyFile, String content) throws IOException {
        Path parent = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try {
            Files.writeString(keyFile, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
        if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        }
        return true;
    }

    private static ApiKeys.Entry entry(byte[] hash) {
        return new ApiKeys.Entry(NAME, hash, List.of(Scope.values()));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
