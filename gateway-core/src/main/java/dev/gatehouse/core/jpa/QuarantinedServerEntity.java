package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** Row of {@code gh_quarantine_server}: an upstream server whose tool definitions need an admin's approval. */
@Entity
@Table(name = "gh_quarantine_server")
@NamedQuery(name = "QuarantinedServer.all", query = "select s from QuarantinedServerEntity s order by s.enabledAt")
@NamedQuery(name = "QuarantinedServer.takeBaseline", query = "update QuarantinedServerEntity s"
        + " set s.baselinePending = false where s.serverId = :server and s.baselinePending = true")
public class QuarantinedServerEntity {
    @Id
    @Column(name = "server_id", length = 36)
    private String serverId;
    @Column(name = "enabled_by", length = 200)
    private String enabledBy;
    @Column(name = "enabled_at", nullable = false)
    private Instant enabledAt;
    /** The next list's definitions become the approved baseline. */
    @Column(name = "baseline_pending", nullable = false)
    private boolean baselinePending;

    protected QuarantinedServerEntity() {
    }

    public QuarantinedServerEntity(String serverId, String enabledBy, Instant enabledAt) {
        this.serverId = serverId;
        this.enabledBy = enabledBy;
        this.enabledAt = enabledAt;
        this.baselinePending = true;
    }

    public String serverId() { return serverId; }
    public String enabledBy() { return enabledBy; }
    public Instant enabledAt() { return enabledAt; }
    public boolean baselinePending() { return baselinePending; }
}
