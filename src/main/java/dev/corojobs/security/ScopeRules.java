package dev.corojobs.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The scope each API operation needs, first match wins. The filter chain enforces these rules and the 403 answer
 * names the scope from them, so both read the same table.
 */
final class ScopeRules {

    record Rule(RequestMatcher matcher, Scope scope) {
    }

    static final List<Rule> RULES = List.of(
            rule(HttpMethod.GET, "/api/v1/runtime/**", Scope.JOBS_ADMIN),
            rule(HttpMethod.GET, "/api/v1/jobs/*/tasks", Scope.JOBS_ADMIN),
            rule(HttpMethod.GET, "/api/**", Scope.JOBS_READ),
            rule(HttpMethod.HEAD, "/api/**", Scope.JOBS_READ),
            rule(HttpMethod.POST, "/api/**", Scope.JOBS_WRITE),
            rule(HttpMethod.DELETE, "/api/**", Scope.JOBS_WRITE));

    private ScopeRules() {
    }

    static Optional<Scope> requiredScope(HttpServletRequest request) {
        return RULES.stream().filter(rule -> rule.matcher().matches(request)).map(Rule::scope).findFirst();
    }

    private static Rule rule(HttpMethod method, String pattern, Scope scope) {
        return new Rule(PathPatternRequestMatcher.withDefaults().matcher(method, pattern), scope);
    }
}
