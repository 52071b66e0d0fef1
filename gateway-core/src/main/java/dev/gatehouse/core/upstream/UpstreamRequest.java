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
 */
public record UpstreamRequest(byte[] body, String sessionId, String protocolVersion, String lastEventId) {
    public UpstreamRequest {
        Objects.requireNonNull(body, "body");
    }

    public static UpstreamRequest of(byte[] body) {
        return new UpstreamRequest(body, null, null, null);
    }

    /** The same message on another session. */
    public UpstreamRequest onSession(String newSessionId, String newProtocolVersion) {
        return new UpstreamRequest(body, newSessionId, newProtocolVersion, lastEventId);
    }

    @Override
    public String toString() {
        return "UpstreamRequest[" + body.length + " bytes, session=" + (sessionId != null) + "]";
    }
}
