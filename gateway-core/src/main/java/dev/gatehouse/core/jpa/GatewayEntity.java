package dev.gatehouse.core.jpa;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import dev.gatehouse.core.model.Exposure;
import dev.gatehouse.core.model.IdentityScheme;
import dev.gatehouse.core.model.PrefixMode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Row of {@code gh_gateway}, owning its server assignments. */
@Entity
@Table(name = "gh_gateway", uniqueConstraints = @UniqueConstraint(name = "uq_gh_gateway_slug", columnNames = "slug"))
@NamedQuery(name = "Gateway.all", query = "select g from GatewayEntity g order by g.name")
@NamedQuery(name = "Gateway.bySlug", query = "select g from GatewayEntity g where g.slug = :slug")
public class GatewayEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "name", nullable = false, length = 200)
    private String name;
    @Column(name = "slug", nullable = false, length = 64)
    private String slug;
    @Column(name = "description", length = 2000)
    private String description;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "prefix_mode", length = 16)
    private String prefixMode;
    @Column(name = "prefix_separator", length = 8)
    private String prefixSeparator;
    @OneToMany(mappedBy = "gateway", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @OrderBy("position")
    private List<GatewayServerEntity> servers = new ArrayList<>();

    protected GatewayEntity() {
    }

    public GatewayEntity(String id, String name, String slug, String description, String createdBy, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.slug = slug;
        this.description = description;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    /** Publishes a server on this gateway under the given tool prefix, after those already assigned. */
    public void assign(String assignmentId, UpstreamServerEntity server, String toolPrefix) {
        servers.add(new GatewayServerEntity(assignmentId, this, server, toolPrefix, servers.size()));
    }

    /**
     * Publishes (or re-publishes) a server under one identity scheme with its prefix and exposures; new
     * assignments go last. One server may be assigned once per scheme.
     */
    public void publish(String assignmentId, UpstreamServerEntity server, IdentityScheme scheme, String toolPrefix,
                        Exposure tools, Exposure prompts, Exposure resources) {
        GatewayServerEntity row = servers.stream()
                .filter(s -> s.server().id().equals(server.id()) && s.identityScheme() == scheme).findFirst()
                .orElse(null);
        if (row == null) {
            row = new GatewayServerEntity(assignmentId, this, server, toolPrefix, servers.size(), scheme);
            servers.add(row);
        }
        row.publish(toolPrefix, tools, prompts, resources);
    }

    /** Takes a server off this gateway (under one scheme, or both when {@code scheme} is null); true when it was on it. */
    public boolean withdraw(String serverId, IdentityScheme scheme) {
        boolean removed = servers.removeIf(s -> s.server().id().equals(serverId)
                && (scheme == null || s.identityScheme() == scheme));
        for (int i = 0; i < servers.size(); i++) {
            servers.get(i).moveTo(i);
        }
        return removed;
    }

    /** How item names are published: with or without their server's prefix, and the separator. */
    public void name(PrefixMode mode, String separator) {
        this.prefixMode = mode.name();
        this.prefixSeparator = separator;
    }

    public PrefixMode prefixMode() { return prefixMode == null ? PrefixMode.CONDITIONAL : PrefixMode.valueOf(prefixMode); }
    public String prefixSeparator() { return prefixSeparator; }
    public String id() { return id; }
    public String name() { return name; }
    public String slug() { return slug; }
    public String description() { return description; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public List<GatewayServerEntity> servers() { return List.copyOf(servers); }
}
