package dev.corojobs.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling, as the job layer needs it: the owner name recorded on jobs (an API key's name or a JWT's
 * {@code sub}) and whether it may see every owner's jobs.
 */
public record Caller(String owner, boolean admin) {

    /** The caller of the request being served on this thread. */
    public static Caller current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    public static Caller of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new IllegalStateException("no authenticated caller: the security filter chain lets none through here");
        }
        return new Caller(authentication.getName(), Scope.JOBS_ADMIN.grantedTo(authentication));
    }

    /** Whether this caller may see, follow and cancel a job of {@code jobOwner}. */
    public boolean maySee(String jobOwner) {
        return admin || owner.equals(jobOwner);
    }
}
