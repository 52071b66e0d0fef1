package dev.gatehouse.core.upstream;

import java.util.Locale;

/**
 * What went wrong with an upstream reply that is not an answer, in Gatehouse's own words: for the audit
 * record of the call (and so the server's "last error") and the connection test. Only fixed phrases, chosen
 * from the failure's kind and the class of its cause: nothing the upstream wrote, no host, URL, message or
 * stack trace, so nothing that could carry a secret.
 */
public final class UpstreamFailureText {
    private UpstreamFailureText() {
    }

    /** The phrase for {@code reply}; null for a reply that is an answer. */
    public static String of(UpstreamResponse reply) {
        if (reply instanceof UpstreamResponse.Refused r) {
            return "the server answered HTTP " + r.status();
        }
        if (reply instanceof UpstreamResponse.Failed f) {
            return switch (f.failure()) {
                case UNREACHABLE -> "unreachable: " + unreachable(f.cause());
                case TIMEOUT -> "timeout: no answer within the read timeout";
                case INVALID_REPLY -> "not an MCP server: the reply is not MCP JSON-RPC";
            };
        }
        return null;
    }

    /** Why a server could not be reached, from its cause's exception classes (the log has the rest). */
    private static String unreachable(String cause) {
        String c = cause == null ? "" : cause.toLowerCase(Locale.ROOT);
        if (c.contains("addressrefused")) {
            return "its address is not allowed (a non-public address)";
        }
        if (c.contains("unknownhost") || c.contains("unresolvedaddress")) {
            return "unknown host";
        }
        if (c.contains("connecttimeout") || c.contains("not connected within")) {
            return "connect timeout";
        }
        if (c.contains("connectexception") || c.contains("connection refused")) {
            return "connection refused";
        }
        if (c.contains("ssl") || c.contains("certificate")) {
            return "TLS handshake failed";
        }
        if (c.contains("node is stopping")) {
            return "the node is stopping";
        }
        if (c.isEmpty()) {
            return "connection refused, unknown host or connect timeout";
        }
        return "the connection failed or broke before the answer";
    }
}
