package dev.corojobs.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates {@code Authorization: Bearer <api key>}. A bearer that is not a known key is refused, unless JWTs
 * are accepted and it has a JWT's shape: then the JWT provider that comes next decides.
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys keys;
    private final boolean jwtsFollow;

    ApiKeyAuthenticationProvider(ApiKeys keys, boolean jwtsFollow) {
        this.keys = keys;
        this.jwtsFollow = jwtsFollow;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        return keys.find(token).<Authentication>map(ApiKeyAuthentication::new).orElseGet(() -> {
            if (jwtsFollow && looksLikeJwt(token)) {
                return null;
            }
            BearerTokenError error = BearerTokenErrors.invalidToken("The bearer token is not a valid API key or token");
            throw new OAuth2AuthenticationException(error);
        });
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    /** An authenticated API key: its name is the principal (the owner of its jobs), its scopes the authorities. */
    static final class ApiKeyAuthentication extends AbstractAuthenticationToken {

        private final String name;

        ApiKeyAuthentication(ApiKeys.Entry key) {
            super(key.scopes().stream().map(scope -> new SimpleGrantedAuthority(scope.authority())).toList());
            this.name = key.name();
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return name;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}
