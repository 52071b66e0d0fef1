package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Row of {@code gh_mcp_session}: one Gatehouse-issued MCP session, keyed by the SHA-256 of its id
 * (the id itself is a bearer value and is never stored).
 */
@Entity
@Table(name = "gh_mcp_session") // index ix_gh_mcp_session_connection (connection_id, last_seen_at): migration V11
@NamedQuery(name = "McpSession.purge", query = "delete from McpSessionEntity s where "
        + McpSessionEntity.PURGEABLE)
@NamedQuery(name = "McpSession.liveCount", query = "select count(s) from McpSessionEntity s"
        + " where s.connectionId = :connection and s.endedAt is null")
@NamedQuery(name = "McpSession.leastRecentlyUsed", query = "select s from McpSessionEntity s"
        + " where s.connectionId = :connection and s.endedAt is null order by s.lastSeenAt, s.createdAt")
public class McpSessionEntity {
    /** Sessions ended before {@code :ended}, or not seen since {@code :idle}: one bulk delete (retention). */
    static final String PURGEABLE = "(s.endedAt is not null and s.endedAt < :ended) or s.lastSeenAt < :idle";

    @Id
    @Column(name = "id_hash", length = 64)
    private String idHash;
    @Column(name = "connection_id", nullable = false, length = 36)
    private String connectionId;
    @Column(name = "gateway_slug", nullable = false, length = 64)
    private String gatewaySlug;
    @Column(name = "protocol_version", nullable = false, length = 16)
    private String protocolVersion;
    @Column(name = "client_capabilities", length = 8000)
    private String clientCapabilities;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;
    @Column(name = "ended_at")
    private Instant endedAt;

    protected McpSessionEntity() {
    }

    public McpSessionEntity(String idHash, String connectionId, String gatewaySlug, String protocolVersion,
                            String clientCapabilities, Instant createdAt) {
        this.idHash = idHash;
        this.connectionId = connectionId;
        this.gatewaySlug = gatewaySlug;
        this.protocolVersion = protocolVersion;
        this.clientCapabilities = clientCapabilities;
        this.createdAt = createdAt;
        this.lastSeenAt = createdAt;
    }

    /** Ends the session; a later request naming it is answered 404 on every node. */
    public void end(Instant when) {
        if (endedAt == null) {
            endedAt = when;
        }
    }

    public void seen(Instant when) {
        lastSeenAt = when;
    }

    public String idHash() { return idHash; }
    public String connectionId() { return connectionId; }
    public String gatewaySlug() { return gatewaySlug; }
    public String protocolVersion() { return protocolVersion; }
    public String clientCapabilities() { return clientCapabilities; }
    public Instant createdAt() { return createdAt; }
    public Instant lastSeenAt() { return lastSeenAt; }
    public Instant endedAt() { return endedAt; }
}
