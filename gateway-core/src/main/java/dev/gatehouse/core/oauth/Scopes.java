package dev.gatehouse.core.oauth;

import java.util.Set;

/**
 * The scopes Gatehouse's authorization server knows. {@code mcp} opens a gateway's MCP endpoint, and is
 * what a 401 challenge and the metadata documents name; {@code offline_access} is accepted and ignored
 * (refresh tokens are always issued), since some clients ask for it by habit.
 */
public final class Scopes {
    public static final String MCP = "mcp";
    public static final String OFFLINE_ACCESS = "offline_access";
    private static final Set<String> KNOWN = Set.of(MCP, OFFLINE_ACCESS);

    private Scopes() {
    }

    /** The scope granted for a requested one: {@code mcp}, or a refusal naming the unknown scope. */
    public static String grantedFor(String requested) {
        if (requested == null || requested.isBlank()) {
            return MCP;
        }
        for (String s : requested.strip().split(" +")) {
            if (!KNOWN.contains(s)) {
                throw new OAuthProblem(OAuthProblem.INVALID_SCOPE, "unknown scope '" + s + "'; supported: mcp");
            }
        }
        return MCP;
    }
}
