package dev.corojobs.security;

import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Stateless bearer authentication (API keys, and JWTs when an issuer or JWK set is configured), the scope each
 * operation needs, what stays open, and the response headers. docs/security.md explains the model.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    /** The dashboard and Swagger UI load only their own scripts and styles; nothing may frame them. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    ApiKeys apiKeys(SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder) {
        ApiKeys keys = ApiKeys.of(properties.apiKeys());
        if (keys.isEmpty() && jwtDecoder.getIfAvailable() == null) {
            keys = keys.plus(FirstStartKey.load(properties.keyFile(), key -> log.warn("""
                    No API key and no token issuer is configured, so corojobs made an admin key (all scopes):

                        {}

                    It is shown this once only; its SHA-256 is kept in {}. Call the API with \
                    'Authorization: Bearer <key>', or configure corojobs.security.api-keys (docs/security.md).""",
                    key, properties.keyFile().toAbsolutePath())));
        }
        return keys;
    }

    @Bean
    SecurityProblems securityProblems(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        return new SecurityProblems(resolver);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, ObjectProvider<JwtDecoder> jwtDecoder,
            SecurityProperties properties, SecurityProblems problems) {
        JwtDecoder jwt = jwtDecoder.getIfAvailable();
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(new ApiKeyAuthenticationProvider(keys, jwt != null));
        if (jwt != null) {
            providers.add(jwtProvider(jwt, properties.jwtScopeClaim()));
        }
        ProviderManager bearer = new ProviderManager(providers);

        http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(request -> bearer)
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .authorizeHttpRequests(authorize -> {
                    // async and error dispatches continue a request that was already authorized
                    authorize.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
                    authorize.requestMatchers("/actuator/health", "/actuator/health/liveness",
                            "/actuator/health/readiness", "/actuator/prometheus").permitAll();
                    authorize.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                            "/swagger-ui/**").permitAll();
                    authorize.requestMatchers(HttpMethod.GET, "/", "/index.html", "/js/**", "/css/**",
                            "/favicon.svg", "/favicon.ico").permitAll();
                    for (ScopeRules.Rule rule : ScopeRules.RULES) {
                        authorize.requestMatchers(rule.matcher()).hasAuthority(rule.scope().authority());
                    }
                    authorize.anyRequest().authenticated();
                })
                .headers(headers -> {
                    headers.frameOptions(frame -> frame.deny())
                            .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                            .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER));
                    if (properties.hsts()) {
                        // behind a TLS-terminating proxy the request itself looks plain: send it on every answer
                        headers.httpStrictTransportSecurity(hsts -> hsts.requestMatcher(AnyRequestMatcher.INSTANCE)
                                .maxAgeInSeconds(31_536_000).includeSubDomains(true));
                    } else {
                        headers.httpStrictTransportSecurity(hsts -> hsts.disable());
                    }
                });
        if (properties.corsAllowedOrigins().isEmpty()) {
            http.cors(AbstractHttpConfigurer::disable);
        } else {
            http.cors(cors -> cors.configurationSource(cors(properties.corsAllowedOrigins())));
        }
        return http.build();
    }

    private static AuthenticationProvider jwtProvider(JwtDecoder decoder, String scopeClaim) {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(jwtConverter(scopeClaim));
        return provider;
    }

    /** Scopes from {@code scopeClaim} (or {@code scope}/{@code scp} when blank) as {@code SCOPE_x}; the owner from {@code sub}. */
    static JwtAuthenticationConverter jwtConverter(String scopeClaim) {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        if (!scopeClaim.isBlank()) {
            scopes.setAuthoritiesClaimName(scopeClaim);
        }
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(scopes);
        return converter;
    }

    private static UrlBasedCorsConfigurationSource cors(List<String> origins) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(origins);
        configuration.setAllowedMethods(List.of("GET", "POST", "DELETE"));
        configuration.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT,
                "Idempotency-Key"));
        configuration.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
                HttpHeaders.WWW_AUTHENTICATE));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", configuration);
        return source;
    }
}
