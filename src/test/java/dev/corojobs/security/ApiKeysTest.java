package dev.corojobs.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static String hash(String key) {
        return HexFormat.of().formatHex(ApiKeys.sha256(key));
    }

    @Test
    void findsAKeyByItsHashAndGivesItsNameAndScopes() {
        ApiKeys keys = ApiKeys.of(List.of(
                new SecurityProperties.ApiKey("ci", hash("ci-secret"), List.of("jobs:read", "jobs:write")),
                new SecurityProperties.ApiKey("ops", hash("ops-secret").toUpperCase(), List.of("jobs:admin"))));

        assertThat(keys.find("ci-secret")).hasValueSatisfying(entry -> {
            assertThat(entry.name()).isEqualTo("ci");
            assertThat(entry.scopes()).containsExactly(Scope.JOBS_READ, Scope.JOBS_WRITE);
        });
        assertThat(keys.find("ops-secret")).map(ApiKeys.Entry::name).hasValue("ops");
        assertThat(keys.find("ci-secreT")).isEmpty();
        assertThat(keys.find(hash("ci-secret"))).as("the hash itself is not a key").isEmpty();
    }

    @Test
    void refusesConfigurationItCannotUseNamingTheEntry() {
        assertThatThrownBy(() -> ApiKeys.of(List.of(new SecurityProperties.ApiKey("ci", "abc", List.of("jobs:read")))))
                .hasMessageContaining("corojobs.security.api-keys[0].sha256 must be the key's SHA-256 as 64 hex digits");
        assertThatThrownBy(() -> ApiKeys.of(List.of(new SecurityProperties.ApiKey("ci", hash("x"), List.of("jobs:delete")))))
                .hasMessageContaining("api-keys[0].scopes has an unknown scope 'jobs:delete'")
                .hasMessageContaining("jobs:read, jobs:write, jobs:admin, logs:read-server-files");
        assertThatThrownBy(() -> ApiKeys.of(List.of(new SecurityProperties.ApiKey(" ", hash("x"), List.of("jobs:read")))))
                .hasMessageContaining("api-keys[0].name is required");
        assertThatThrownBy(() -> ApiKeys.of(List.of(
                new SecurityProperties.ApiKey("ci", hash("x"), List.of("jobs:read")),
                new SecurityProperties.ApiKey("ci", hash("y"), List.of("jobs:read")))))
                .hasMessageContaining("api-keys[1].name 'ci' is used by another key");
        assertThatThrownBy(() -> ApiKeys.of(List.of(new SecurityProperties.ApiKey("ci", hash("x"), List.of()))))
                .hasMessageContaining("api-keys[0].scopes is empty");
    }
}
