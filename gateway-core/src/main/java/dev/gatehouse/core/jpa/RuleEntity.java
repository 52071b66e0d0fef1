package dev.gatehouse.core.jpa;

import dev.gatehouse.core.rules.Hook;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Row of {@code gh_rule}: one governance rule of a gateway. The detection and the action are stored as
 * the JSON of the admin API ({@code RuleJson}), so adding a detector needs no schema change.
 */
@Entity
@Table(name = "gh_rule", indexes = @Index(name = "ix_gh_rule_gateway", columnList = "gateway_slug"))
@NamedQuery(name = "Rule.ofGateway",
        query = "select r from RuleEntity r where r.gateway = :gateway order by r.priority, r.createdAt, r.id")
public class RuleEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "gateway_slug", nullable = false, length = 64)
    private String gateway;
    @Column(name = "name", nullable = false, length = 200)
    private String name;
    @Column(name = "description", length = 2000)
    private String description;
    @Column(name = "enabled", nullable = false)
    private boolean enabled;
    @Column(name = "priority", nullable = false)
    private int priority;
    /** Host ids separated by commas; empty for every host. */
    @Column(name = "host_ids", length = 4000)
    private String hostIds;
    @Column(name = "tool_pattern", nullable = false, length = 256)
    private String toolPattern;
    @Enumerated(EnumType.STRING)
    @Column(name = "hook", nullable = false, length = 16)
    private Hook hook;
    @Column(name = "detection", nullable = false, length = 24000)
    private String detection;
    @Column(name = "action", length = 2000)
    private String action;
    @Column(name = "observe", nullable = false)
    private boolean observe;
    /** A webhook rule's signing secret, sealed ({@code SecretBox}); null when requests are not signed. */
    @Column(name = "webhook_secret_sealed", length = 4096)
    private String webhookSecretSealed;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_by", length = 200)
    private String updatedBy;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected RuleEntity() {
    }

    public RuleEntity(String id, String gateway, String createdBy, Instant createdAt) {
        this.id = id;
        this.gateway = gateway;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    /** Sets everything an admin specifies; {@code detection} and {@code action} as their JSON text. */
    public void specify(String name, String description, boolean enabled, int priority, String hostIds, String toolPattern,
                        Hook hook, String detection, String action, boolean observe, String actor, Instant when) {
        this.name = name;
        this.description = description;
        this.enabled = enabled;
        this.priority = priority;
        this.hostIds = hostIds;
        this.toolPattern = toolPattern;
        this.hook = hook;
        this.detection = detection;
        this.action = action;
        this.observe = observe;
        this.updatedBy = actor;
        this.updatedAt = when;
    }

    /** Stores a sealed signing secret, or none (null). */
    public void sealWebhookSecret(String sealed) {
        this.webhookSecretSealed = sealed;
    }

    public String id() { return id; }
    public String gateway() { return gateway; }
    public String name() { return name; }
    public String description() { return description; }
    public boolean enabled() { return enabled; }
    public int priority() { return priority; }
    public String hostIds() { return hostIds; }
    public String toolPattern() { return toolPattern; }
    public Hook hook() { return hook; }
    public String detection() { return detection; }
    public String action() { return action; }
    public boolean observe() { return observe; }
    public String webhookSecretSealed() { return webhookSecretSealed; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
