package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** Row of {@code gh_gateway_server}: one server published on one gateway. */
@Entity
@Table(name = "gh_gateway_server",
        uniqueConstraints = @UniqueConstraint(name = "uq_gh_gateway_server", columnNames = {"gateway_id", "server_id"}))
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

    protected GatewayServerEntity() {
    }

    GatewayServerEntity(String id, GatewayEntity gateway, UpstreamServerEntity server, String toolPrefix, int position) {
        this.id = id;
        this.gateway = gateway;
        this.server = server;
        this.toolPrefix = toolPrefix;
        this.position = position;
    }

    public UpstreamServerEntity server() { return server; }
    public String toolPrefix() { return toolPrefix; }
    public int position() { return position; }
}
