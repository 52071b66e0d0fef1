package dev.gatehouse.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A named set of upstream MCP servers published under one URL segment; the unit a token is scoped to.
 */
public record Gateway(String id, String name, String slug, String description,
                      List<GatewayServer> servers, Instant createdAt) {
    public Gateway {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(slug, "slug");
        servers = List.copyOf(servers);
    }

    /** The first enabled server, where a call goes while the gateway fronts a single upstream. */
    public java.util.Optional<GatewayServer> primaryServer() {
        return servers.stream().filter(s -> s.server().enabled()).findFirst();
    }
}
