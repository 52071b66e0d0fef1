package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import dev.gatehouse.core.model.Exposure;
import dev.gatehouse.core.model.IdentityScheme;

import java.util.Set;
import java.util.TreeSet;

/** Row of {@code gh_gateway_server}: one server published on one gateway. */
@Entity
@Table(name = "gh_gateway_server",
        uniqueConstraints = @UniqueConstraint(name = "uq_gh_gateway_server_scheme",
                columnNames = {"gateway_id", "server_id", "identity_scheme"}))
public class GatewayServerEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "gateway_id", nullable = false)
    private GatewayEntity gateway;
    @ManyToOne(optional = false)
    @JoinColumn(name = "server_id", nullable = false)
    private UpstreamServerEntity server;
    @Column(name = "tool_prefix", length = 64)
    private String toolPrefix;
    @Column(name = "position", nullable = false)
    private int position;
    @Column(name = "tools_exposure", length = 16)
    private String toolsExposure;
    @Column(name = "tools_selected", length = 8000)
    private String toolsSelected;
    @Column(name = "prompts_exposure", length = 16)
    private String promptsExposure;
    @Column(name = "prompts_selected", length = 8000)
    private String promptsSelected;
    @Column(name = "resources_exposure", length = 16)
    private String resourcesExposure;
    @Column(name = "resources_selected", length = 8000)
    private String resourcesSelected;
    @Column(name = "identity_scheme", nullable = false, length = 16)
    private String identityScheme = IdentityScheme.SHARED.name();

    protected GatewayServerEntity() {
    }

    GatewayServerEntity(String id, GatewayEntity gateway, UpstreamServerEntity server, String toolPrefix, int position) {
        this(id, gateway, server, toolPrefix, position, IdentityScheme.SHARED);
    }

    GatewayServerEntity(String id, GatewayEntity gateway, UpstreamServerEntity server, String toolPrefix, int position,
                        IdentityScheme scheme) {
        this.identityScheme = scheme.name();
        this.id = id;
        this.gateway = gateway;
        this.server = server;
        this.toolPrefix = toolPrefix;
        this.position = position;
    }

    /** Sets the prefix and what of the server's tools, prompts and resources the gateway publishes. */
    void publish(String prefix, Exposure tools, Exposure prompts, Exposure resources) {
        this.toolPrefix = prefix;
        this.toolsExposure = tools.mode().name();
        this.toolsSelected = joined(tools);
        this.promptsExposure = prompts.mode().name();
        this.promptsSelected = joined(prompts);
        this.resourcesExposure = resources.mode().name();
        this.resourcesSelected = joined(resources);
    }

    void moveTo(int newPosition) {
        this.position = newPosition;
    }

    public Exposure tools() { return exposure(toolsExposure, toolsSelected); }
    public Exposure prompts() { return exposure(promptsExposure, promptsSelected); }
    public Exposure resources() { return exposure(resourcesExposure, resourcesSelected); }

    private static String joined(Exposure e) {
        return e.mode() == Exposure.Mode.SELECTED ? String.join("\n", new TreeSet<>(e.selected())) : null;
    }

    /** Rows written before exposures existed publish everything. */
    private static Exposure exposure(String mode, String selected) {
        if (mode == null) {
            return Exposure.ALL;
        }
        Set<String> names = selected == null || selected.isEmpty() ? Set.of() : Set.of(selected.split("\n"));
        return new Exposure(Exposure.Mode.valueOf(mode), names);
    }

    public UpstreamServerEntity server() { return server; }
    public String id() { return id; }
    public IdentityScheme identityScheme() { return identityScheme == null ? IdentityScheme.SHARED : IdentityScheme.valueOf(identityScheme); }
    public String toolPrefix() { return toolPrefix; }
    public int position() { return position; }
}
