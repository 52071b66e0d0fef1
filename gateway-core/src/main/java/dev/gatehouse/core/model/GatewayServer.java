package dev.gatehouse.core.model;

import java.util.Objects;

/** An upstream server as assigned to one gateway, with the prefix its tool names carry there. */
public record GatewayServer(UpstreamServer server, String toolPrefix) {
    public GatewayServer {
        Objects.requireNonNull(server, "server");
        toolPrefix = toolPrefix == null ? "" : toolPrefix;
    }
}
