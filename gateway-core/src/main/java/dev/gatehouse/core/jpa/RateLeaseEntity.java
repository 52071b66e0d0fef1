package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Row of {@code gh_rate_lease}: quota handed out to nodes. A window row ({@code node_id} null) counts
 * the units of one bucket's window granted so far; a hold row counts the concurrency slots one node
 * holds, valid until {@code expires_at} unless renewed; a bucket's header row (also {@code node_id}
 * null, no expiry that matters) is what a slot take locks, so takes of one bucket are serialised.
 */
@Entity
@Table(name = "gh_rate_lease", indexes = {
        @Index(name = "ix_gh_rate_lease_bucket", columnList = "bucket"),
        @Index(name = "ix_gh_rate_lease_expiry", columnList = "expires_at")})
@NamedQuery(name = "RateLease.heldSlots", query = "select coalesce(sum(l.granted), 0) from RateLeaseEntity l"
        + " where l.bucket = :bucket and l.nodeId is not null and l.expiresAt > :now")
@NamedQuery(name = "RateLease.renew", query = "update RateLeaseEntity l set l.expiresAt = :until"
        + " where l.nodeId = :node and l.granted > 0")
@NamedQuery(name = "RateLease.windowsLike", query = "select l from RateLeaseEntity l where l.key like :pattern and l.nodeId is null")
@NamedQuery(name = "RateLease.holdsLike", query = "select l from RateLeaseEntity l"
        + " where l.bucket like :prefix and l.nodeId is not null and l.expiresAt > :now and l.granted > 0")
@NamedQuery(name = "RateLease.purge", query = "delete from RateLeaseEntity l where l.expiresAt < :now")
public class RateLeaseEntity {
    @Id
    @Column(name = "lease_key", length = 300)
    private String key;
    @Column(name = "bucket", nullable = false, length = 200)
    private String bucket;
    @Column(name = "node_id", length = 64)
    private String nodeId;
    @Column(name = "granted", nullable = false)
    private int granted;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected RateLeaseEntity() {
    }

    public RateLeaseEntity(String key, String bucket, String nodeId, int granted, Instant expiresAt) {
        this.key = key;
        this.bucket = bucket;
        this.nodeId = nodeId;
        this.granted = granted;
        this.expiresAt = expiresAt;
    }

    /** Hands out {@code n} more units (or slots), keeping the row until {@code until}. */
    public void grant(int n, Instant until) {
        granted += n;
        expiresAt = until;
    }

    /** Takes back {@code n} slots. */
    public void giveBack(int n, Instant until) {
        granted = Math.max(0, granted - n);
        expiresAt = until;
    }

    /** A hold that expired was already counted free by every node: it starts again from zero. */
    public void restartHold(int n, Instant until) {
        granted = n;
        expiresAt = until;
    }

    public int granted() { return granted; }
    public String bucket() { return bucket; }
    public Instant expiresAt() { return expiresAt; }
}
