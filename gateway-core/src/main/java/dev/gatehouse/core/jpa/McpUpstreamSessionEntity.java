package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Row of {@code gh_mcp_upstream_session}: the upstream session backing one Gatehouse session on one
 * server. One row per pair, so nodes opening sessions with different servers never overwrite each
 * other. The upstream's session id is stored sealed (AES-GCM), like every credential-like value.
 */
@Entity
@Table(name = "gh_mcp_upstream_session", indexes = @Index(name = "ix_gh_mcp_upstream_session", columnList = "session_hash"))
@NamedQuery(name = "McpUpstreamSession.purge", query = "delete from McpUpstreamSessionEntity u where u.sessionHash in"
        + " (select s.idHash from McpSessionEntity s where " + McpSessionEntity.PURGEABLE + ")")
@NamedQuery(name = "McpUpstreamSession.ofSession",
        query = "select u from McpUpstreamSessionEntity u where u.sessionHash = :hash")
public class McpUpstreamSessionEntity {
    @Id
    @Column(name = "id", length = 120)
    private String id;
    @Column(name = "session_hash", nullable = false, length = 64)
    private String sessionHash;
    @Column(name = "server_id", nullable = false, length = 36)
    private String serverId;
    @Column(name = "upstream_session_sealed", length = 4096)
    private String upstreamSessionSealed;
    @Column(name = "protocol_version", nullable = false, length = 16)
    private String protocolVersion;

    protected McpUpstreamSessionEntity() {
    }

    public McpUpstreamSessionEntity(String sessionHash, String serverId) {
        this.id = idOf(sessionHash, serverId);
        this.sessionHash = sessionHash;
        this.serverId = serverId;
    }

    static String idOf(String sessionHash, String serverId) {
        return sessionHash + "/" + serverId;
    }

    /** Points this pair at a (new) upstream session, e.g. after the upstream expired the previous one. */
    public void relink(String sealedSessionId, String version) {
        this.upstreamSessionSealed = sealedSessionId;
        this.protocolVersion = version;
    }

    public String serverId() { return serverId; }
    public String upstreamSessionSealed() { return upstreamSessionSealed; }
    public String protocolVersion() { return protocolVersion; }
}
