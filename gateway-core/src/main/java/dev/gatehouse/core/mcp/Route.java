package dev.gatehouse.core.mcp;

import dev.gatehouse.core.model.GatewayServer;

import java.util.Objects;

/** Where a published name or URI leads: the server and the name (or URI) it has there. */
public record Route(GatewayServer server, String upstreamName) {
    public Route {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(upstreamName, "upstreamName");
    }
}
