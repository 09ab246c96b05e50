package dev.corojobs.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers 401 and 403 as RFC 9457 problem details, written by the same exception handling as every other error
 * so they look and negotiate alike; a 401 also carries {@code WWW-Authenticate: Bearer} (RFC 6750).
 */
public final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    public static final URI UNAUTHENTICATED = URI.create("https://corojobs.dev/problems/unauthenticated");
    public static final URI MISSING_SCOPE = URI.create("https://corojobs.dev/problems/missing-scope");

    private final HandlerExceptionResolver resolver;

    SecurityProblems(HandlerExceptionResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) {
        String challenge = "Bearer realm=\"corojobs\"";
        String detail = "This needs an API key or a token: send it as 'Authorization: Bearer <key>'";
        if (failure instanceof OAuth2AuthenticationException oauth && oauth.getError() instanceof BearerTokenError error) {
            challenge += ", error=\"" + error.getErrorCode() + "\"";
            if (error.getDescription() != null) {
                challenge += ", error_description=\"" + error.getDescription().replace("\"", "'") + "\"";
                detail = error.getDescription();
            }
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        problem.setType(UNAUTHENTICATED);
        problem.setTitle("Authentication required");
        ErrorResponseException answer = new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
        answer.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        resolver.resolveException(request, response, null, answer);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        resolver.resolveException(request, response, null,
                missingScope(ScopeRules.requiredScope(request).orElse(null), caller));
    }

    /** The 403 for a caller without {@code scope} (or without access at all, when {@code scope} is null). */
    public static ErrorResponseException missingScope(Scope scope, Authentication caller) {
        String has = caller == null ? "none" : caller.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("SCOPE_"))
                .map(a -> a.substring("SCOPE_".length()))
                .sorted()
                .collect(Collectors.joining(", "));
        String who = caller == null ? "The caller" : "'" + caller.getName() + "'";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, scope == null
                ? who + " may not do this"
                : who + " lacks the scope '" + scope.value() + "' that this needs; it has: "
                        + (has.isEmpty() ? "none" : has));
        problem.setType(MISSING_SCOPE);
        problem.setTitle("Missing scope");
        if (scope != null) {
            problem.setProperty("requiredScope", scope.value());
        }
        return new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
    }
}
