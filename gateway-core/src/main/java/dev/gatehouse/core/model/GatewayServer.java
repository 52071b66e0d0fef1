package dev.gatehouse.core.model;

import java.util.Objects;

/**
 * An upstream server as assigned to one gateway: the prefix its names carry there and, independently
 * for tools, prompts and resources, which of its items the gateway publishes.
 */
public record GatewayServer(UpstreamServer server, String toolPrefix, Exposure tools, Exposure prompts,
                            Exposure resources) {
    public GatewayServer {
        Objects.requireNonNull(server, "server");
        toolPrefix = toolPrefix == null ? "" : toolPrefix;
        tools = tools == null ? Exposure.ALL : tools;
        prompts = prompts == null ? Exposure.ALL : prompts;
        resources = resources == null ? Exposure.ALL : resources;
    }

    /** A server publishing everything it offers. */
    public GatewayServer(UpstreamServer server, String toolPrefix) {
        this(server, toolPrefix, Exposure.ALL, Exposure.ALL, Exposure.ALL);
    }
}
