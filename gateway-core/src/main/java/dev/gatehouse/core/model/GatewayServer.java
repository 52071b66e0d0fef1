package dev.gatehouse.core.model;

import java.util.Objects;

/**
 * An upstream server as assigned to one gateway: the prefix its names carry there, independently for
 * tools, prompts and resources which of its items the gateway publishes, and whose identity its calls use
 * ({@link IdentityScheme}).
 */
public record GatewayServer(UpstreamServer server, String toolPrefix, Exposure tools, Exposure prompts,
                            Exposure resources, IdentityScheme scheme) {
    public GatewayServer {
        Objects.requireNonNull(server, "server");
        toolPrefix = toolPrefix == null ? "" : toolPrefix;
        tools = tools == null ? Exposure.ALL : tools;
        prompts = prompts == null ? Exposure.ALL : prompts;
        resources = resources == null ? Exposure.ALL : resources;
        scheme = scheme == null ? IdentityScheme.SHARED : scheme;
    }

    public GatewayServer(UpstreamServer server, String toolPrefix, Exposure tools, Exposure prompts, Exposure resources) {
        this(server, toolPrefix, tools, prompts, resources, IdentityScheme.SHARED);
    }

    /** A server publishing everything it offers. */
    public GatewayServer(UpstreamServer server, String toolPrefix) {
        this(server, toolPrefix, Exposure.ALL, Exposure.ALL, Exposure.ALL);
    }

    /** The same assignment with the server as resolved for one request. */
    public GatewayServer with(UpstreamServer resolved) {
        return new GatewayServer(resolved, toolPrefix, tools, prompts, resources, scheme);
    }
}
