package dev.corojobs.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/** Where a token's scopes and owner come from (the signature is checked over HTTP in SecurityApiTest). */
class JwtScopesTest {

    private static Jwt token(String claim, Object scopes) {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("alice").claim(claim, scopes).build();
    }

    @Test
    void scopesComeFromScopeOrScpByDefault() {
        Authentication fromScope = SecurityConfiguration.jwtConverter("").convert(token("scope", "jobs:read jobs:write"));
        Authentication fromScp = SecurityConfiguration.jwtConverter("").convert(token("scp", List.of("jobs:admin")));

        assertThat(fromScope.getName()).isEqualTo("alice");
        assertThat(Scope.JOBS_READ.grantedTo(fromScope)).isTrue();
        assertThat(Scope.JOBS_WRITE.grantedTo(fromScope)).isTrue();
        assertThat(Scope.JOBS_ADMIN.grantedTo(fromScope)).isFalse();
        assertThat(Scope.JOBS_ADMIN.grantedTo(fromScp)).isTrue();
    }

    @Test
    void aConfiguredClaimReplacesTheDefaultOnes() {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("bob")
                .claim("scope", "jobs:admin").claim("roles", List.of("jobs:read")).build();

        Authentication caller = SecurityConfiguration.jwtConverter("roles").convert(jwt);

        assertThat(Scope.JOBS_READ.grantedTo(caller)).isTrue();
        assertThat(Scope.JOBS_ADMIN.grantedTo(caller)).as("scope is not read once roles is configured").isFalse();
    }
}
