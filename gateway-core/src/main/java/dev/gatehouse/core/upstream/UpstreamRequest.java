package dev.gatehouse.core.upstream;

import java.util.Objects;

/**
 * What the gateway sends upstream for one client message: the JSON-RPC body exactly as received, and
 * the transport values the upstream needs. Nothing else of the client's request travels.
 *
 * @param body            the message bytes (empty for DELETE)
 * @param sessionId       {@code Mcp-Session-Id}, or null
 * @param protocolVersion {@code MCP-Protocol-Version}, or null
 * @param lastEventId     {@code Last-Event-ID}, or null
 * @param traceparent     the W3C {@code traceparent} of the gateway's span for this exchange (the client's trace,
 *                        Gatehouse's span id), or null when not traced; the client's own header never travels
 */
public record UpstreamRequest(byte[] body, String sessionId, String protocolVersion, String lastEventId,
                              String traceparent) {
    public UpstreamRequest {
        Objects.requireNonNull(body, "body");
    }

    public UpstreamRequest(byte[] body, String sessionId, String protocolVersion, String lastEventId) {
        this(body, sessionId, protocolVersion, lastEventId, null);
    }

    public static UpstreamRequest of(byte[] body) {
        return new UpstreamRequest(body, null, null, null, null);
    }

    /** The same message in the given trace ({@code traceparent} null: none). */
    public UpstreamRequest traced(String newTraceparent) {
        return new UpstreamRequest(body, sessionId, protocolVersion, lastEventId, newTraceparent);
    }

    /** The same message on another session. */
    public UpstreamRequest onSession(String newSessionId, String newProtocolVersion) {
        return new UpstreamRequest(body, newSessionId, newProtocolVersion, lastEventId, traceparent);
    }

    @Override
    public String toString() {
        return "UpstreamRequest[" + body.length + " bytes, session=" + (sessionId != null) + "]";
    }
}
