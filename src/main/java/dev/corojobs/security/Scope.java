package dev.corojobs.security;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** What a caller may do. Keys and tokens carry scopes by their value; Spring Security sees {@code SCOPE_<value>}. */
public enum Scope {
    JOBS_READ("jobs:read"),
    JOBS_WRITE("jobs:write"),
    /** Sees and cancels every owner's jobs and reads task dumps. */
    JOBS_ADMIN("jobs:admin"),
    /** Names files in the pipeline's data directory as a job's input ({@code source.path}). */
    LOGS_READ_SERVER_FILES("logs:read-server-files");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public String authority() {
        return "SCOPE_" + value;
    }

    public boolean grantedTo(Authentication caller) {
        if (caller == null) {
            return false;
        }
        String authority = authority();
        for (GrantedAuthority granted : caller.getAuthorities()) {
            if (authority.equals(granted.getAuthority())) {
                return true;
            }
        }
        return false;
    }

    static String all() {
        return Arrays.stream(values()).map(Scope::value).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return value;
    }
}
