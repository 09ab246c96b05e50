package dev.corojobs.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The configured API keys, known only by their SHA-256; a presented key is hashed and compared in constant time. */
final class ApiKeys {

    record Entry(String name, byte[] sha256, List<Scope> scopes) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static ApiKeys of(List<SecurityProperties.ApiKey> configured) {
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < configured.size(); i++) {
            SecurityProperties.ApiKey key = configured.get(i);
            String where = "corojobs.security.api-keys[" + i + "]";
            if (key.name() == null || key.name().isBlank()) {
                throw new IllegalStateException(where + ".name is required: it names the owner of the key's jobs");
            }
            if (!names.add(key.name())) {
                throw new IllegalStateException(where + ".name '" + key.name() + "' is used by another key");
            }
            entries.add(new Entry(key.name(), parseHash(where, key.sha256()), parseScopes(where, key.scopes())));
        }
        return new ApiKeys(entries);
    }

    ApiKeys plus(Entry entry) {
        List<Entry> all = new ArrayList<>(entries);
        all.add(entry);
        return new ApiKeys(all);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The key's entry; every configured hash is compared, so the time taken does not tell which one matched. */
    Optional<Entry> find(String presented) {
        byte[] hash = sha256(presented);
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(hash, entry.sha256()) && found == null) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static byte[] parseHash(String where, String hex) {
        String trimmed = hex == null ? "" : hex.strip();
        if (!trimmed.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalStateException(where + ".sha256 must be the key's SHA-256 as 64 hex digits "
                    + "(printf %s \"$KEY\" | sha256sum), was '" + trimmed + "'");
        }
        return HexFormat.of().parseHex(trimmed.toLowerCase());
    }

    private static List<Scope> parseScopes(String where, List<String> values) {
        List<Scope> scopes = new ArrayList<>();
        for (String value : values) {
            scopes.add(java.util.Arrays.stream(Scope.values()).filter(s -> s.value().equals(value.strip())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(where + ".scopes has an unknown scope '" + value
                            + "'; scopes: " + Scope.all())));
        }
        if (scopes.isEmpty()) {
            throw new IllegalStateException(where + ".scopes is empty: give at least one of " + Scope.all());
        }
        return List.copyOf(scopes);
    }
}
