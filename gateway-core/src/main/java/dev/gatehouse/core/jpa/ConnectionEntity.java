package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** Row of {@code gh_connection}: a host paired with a gateway. Deletion is a mark that revokes its tokens. */
@Entity
@Table(name = "gh_connection", indexes = @Index(name = "ix_gh_connection_host", columnList = "host_id"))
@NamedQuery(name = "Connection.liveOfHost",
        query = "select c from ConnectionEntity c where c.host.id = :hostId and c.deletedAt is null order by c.createdAt, c.id")
@NamedQuery(name = "Connection.liveCountByHost",
        query = "select c.host.id, count(c) from ConnectionEntity c where c.deletedAt is null group by c.host.id")
public class ConnectionEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "host_id", nullable = false)
    private HostEntity host;
    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "gateway_id", nullable = false)
    private GatewayEntity gateway;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "disabled", nullable = false)
    private boolean disabled;
    @Column(name = "deleted_at")
    private Instant deletedAt;
    @Column(name = "deleted_by", length = 200)
    private String deletedBy;

    protected ConnectionEntity() {
    }

    public ConnectionEntity(String id, HostEntity host, GatewayEntity gateway, String createdBy, Instant createdAt) {
        this.id = id;
        this.host = host;
        this.gateway = gateway;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public void delete(Instant when, String actor) {
        this.deletedAt = when;
        this.deletedBy = actor;
    }

    /** Turns the kill switch on: every token of this connection is refused until {@link #enable()}. */
    public void disable() {
        this.disabled = true;
    }

    /** Turns the kill switch off again: the connection's valid tokens work as before. */
    public void enable() {
        this.disabled = false;
    }

    public boolean isLive() {
        return deletedAt == null;
    }

    public String id() { return id; }
    public HostEntity host() { return host; }
    public GatewayEntity gateway() { return gateway; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public boolean disabled() { return disabled; }
}
