package dev.corojobs.security;

/**
 * The API keys that src/test/resources/config/application.yaml configures (by their SHA-256) for every test.
 * {@link TestCredentials} makes each test's {@code RestTestClient} send {@link #ADMIN}.
 */
public final class TestKeys {

    /** Owner {@code test-admin}: every scope. */
    public static final String ADMIN = "test-admin-key";
    /** Owner {@code test-reader}: jobs:read. */
    public static final String READER = "test-reader-key";
    /** Owner {@code test-writer}: jobs:read, jobs:write. */
    public static final String WRITER = "test-writer-key";
    /** Owner {@code test-other}: jobs:read, jobs:write. */
    public static final String OTHER = "test-other-key";
    /** Owner {@code test-noscope}: only logs:read-server-files, so no API operation. */
    public static final String NO_SCOPE = "test-noscope-key";

    private TestKeys() {
    }

    public static String bearer(String key) {
        return "Bearer " + key;
    }
}
