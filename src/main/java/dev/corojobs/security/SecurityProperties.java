package dev.corojobs.security;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the API ({@code corojobs.security.*}, docs/security.md).
 *
 * @param apiKeys the API keys, each stored as the hex SHA-256 of the key
 * @param keyFile where the admin key generated at first start keeps its hash, when no key and no JWT issuer
 *     is configured
 * @param jwtScopeClaim the JWT claim that holds the scopes; when empty, {@code scope} or {@code scp}
 * @param maxActiveJobsPerOwner queued plus running jobs one owner may have at once
 * @param hsts send {@code Strict-Transport-Security} (only behind HTTPS)
 * @param corsAllowedOrigins origins that may call the API from a browser; empty: no CORS at all
 */
@ConfigurationProperties("corojobs.security")
public record SecurityProperties(
        @DefaultValue List<ApiKey> apiKeys,
        @DefaultValue("state/admin-key.sha256") Path keyFile,
        @DefaultValue("") String jwtScopeClaim,
        @DefaultValue("32") int maxActiveJobsPerOwner,
        @DefaultValue("false") boolean hsts,
        @DefaultValue List<String> corsAllowedOrigins) {

    public SecurityProperties {
        if (maxActiveJobsPerOwner < 1) {
            throw new IllegalArgumentException("corojobs.security.max-active-jobs-per-owner must be at least 1, was "
                    + maxActiveJobsPerOwner);
        }
    }

    /**
     * One API key.
     *
     * @param name who calls with it: the owner of the jobs it submits
     * @param sha256 the hex SHA-256 of the key's UTF-8 bytes
     * @param scopes what it may do, e.g. {@code jobs:read}
     */
    public record ApiKey(String name, String sha256, @DefaultValue List<String> scopes) {
    }
}
