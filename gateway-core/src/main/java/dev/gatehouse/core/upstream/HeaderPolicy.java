package dev.gatehouse.core.upstream;

import java.util.Locale;
import java.util.Set;

/**
 * Which headers may travel upstream. The gateway builds upstream requests from named values only
 * (never by copying the client's headers); these sets guard the one configurable header, the server's
 * credential, and document what must never be forwarded.
 */
public final class HeaderPolicy {
    /** Hop-by-hop headers: meaningful for one connection only, never forwarded (RFC 9110 section 7.6.1). */
    public static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");

    /** The client's own credentials: they authenticate the client to Gatehouse, never to an upstream. */
    public static final Set<String> CLIENT_CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");

    /** Set by the HTTP client itself from the request; a configured value would clash with it. */
    public static final Set<String> MANAGED = Set.of("host", "content-length", "expect", "content-type",
            "accept", "user-agent", "mcp-session-id", "mcp-protocol-version", "last-event-id");

    private HeaderPolicy() {
    }

    /**
     * True when a server's configured credential header may be sent: any name except hop-by-hop and
     * managed ones, cookies and any {@code Proxy-*} header. ({@code Authorization} is allowed here: it then carries
     * the gateway's own secret.)
     */
    public static boolean credentialHeaderAllowed(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !HOP_BY_HOP.contains(n) && !MANAGED.contains(n) && !n.equals("cookie") && !n.startsWith("proxy-");
    }
}
