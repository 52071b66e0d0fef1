package dev.gatehouse.core.session;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A Gatehouse-issued MCP session as stored: which connection it belongs to, the protocol revision
 * negotiated with the client, the client's capabilities (JSON text, passed on to each upstream's
 * handshake) and the upstream sessions opened for it, keyed by server id. The session id itself is
 * never stored; {@code handle} is its SHA-256, safe to log.
 */
public record McpSession(String handle, String connectionId, String gatewaySlug, String protocolVersion,
                         String clientCapabilities, Instant createdAt, Instant lastSeenAt, Instant endedAt,
                         Map<String, UpstreamLink> upstreams) {
    public McpSession {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        upstreams = Map.copyOf(upstreams);
        clientCapabilities = clientCapabilities == null ? "{}" : clientCapabilities;
    }

    public boolean ended() {
        return endedAt != null;
    }

    /** A short form of the handle for audit records and logs. */
    public String shortHandle() {
        return handle.substring(0, 16);
    }
}
