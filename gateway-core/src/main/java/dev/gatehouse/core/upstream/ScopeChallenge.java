package dev.gatehouse.core.upstream;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scope of an upstream's {@code insufficient_scope} challenge (RFC 6750 section 3.1; MCP authorization,
 * "Scope Challenge Handling"): {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="a b"} on a 403.
 * Only the scope is taken from the upstream's headers; whether it is well-formed is the identity's to decide.
 */
final class ScopeChallenge {
    private static final Pattern PARAM = Pattern.compile("([A-Za-z_]+)\\s*=\\s*\"([^\"]*)\"");
    private static final int MAX_HEADER = 4096;

    private ScopeChallenge() {
    }

    /** The scope a Bearer challenge with {@code error="insufficient_scope"} names; null when there is none. */
    static String insufficientScope(List<String> challenges) {
        for (String challenge : challenges) {
            if (challenge.length() > MAX_HEADER || !challenge.strip().toLowerCase(Locale.ROOT).startsWith("bearer")) {
                continue;
            }
            String error = null;
            String scope = null;
            Matcher m = PARAM.matcher(challenge);
            while (m.find()) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                if (name.equals("error") && error == null) {
                    error = m.group(2);
                } else if (name.equals("scope") && scope == null) {
                    scope = m.group(2);
                }
            }
            if ("insufficient_scope".equals(error) && scope != null && !scope.isBlank()) {
                return scope;
            }
        }
        return null;
    }
}
