package dev.gatehouse.core.jpa;

import dev.gatehouse.core.limits.LimitScope;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** Row of {@code gh_rate_limit}: one configured rate limit. */
@Entity
@Table(name = "gh_rate_limit")
@NamedQuery(name = "RateLimit.all", query = "select l from RateLimitEntity l order by l.createdAt, l.id")
public class RateLimitEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "name", nullable = false, length = 200)
    private String name;
    @Column(name = "gateway_slug", length = 64)
    private String gateway;
    @Enumerated(EnumType.STRING)
    @Column(name = "scope", nullable = false, length = 16)
    private LimitScope scope;
    @Column(name = "host_id", length = 36)
    private String hostId;
    @Column(name = "per_second")
    private Integer perSecond;
    @Column(name = "per_minute")
    private Integer perMinute;
    @Column(name = "concurrent_calls")
    private Integer concurrent;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected RateLimitEntity() {
    }

    public RateLimitEntity(String id, String name, String gateway, LimitScope scope, String hostId, Integer perSecond,
                           Integer perMinute, Integer concurrent, String createdBy, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.gateway = gateway;
        this.scope = scope;
        this.hostId = hostId;
        this.perSecond = perSecond;
        this.perMinute = perMinute;
        this.concurrent = concurrent;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    /** An admin's edit: the whole definition replaced; the id, and so the quota already taken under it, stays. */
    public void redefine(String newName, String newGateway, LimitScope newScope, String newHostId, Integer newPerSecond,
                         Integer newPerMinute, Integer newConcurrent) {
        this.name = newName;
        this.gateway = newGateway;
        this.scope = newScope;
        this.hostId = newHostId;
        this.perSecond = newPerSecond;
        this.perMinute = newPerMinute;
        this.concurrent = newConcurrent;
    }

    public String id() { return id; }
    public String name() { return name; }
    public String gateway() { return gateway; }
    public LimitScope scope() { return scope; }
    public String hostId() { return hostId; }
    public Integer perSecond() { return perSecond; }
    public Integer perMinute() { return perMinute; }
    public Integer concurrent() { return concurrent; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
}
