package dev.gatehouse.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named set of upstream MCP servers published under one URL segment; the unit a token is scoped to.
 * {@code prefixMode} and {@code separator} decide how the servers' item names are published.
 */
public record Gateway(String id, String name, String slug, String description,
                      List<GatewayServer> servers, Instant createdAt, PrefixMode prefixMode, String separator) {
    public static final String DEFAULT_SEPARATOR = "__";

    public Gateway {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(slug, "slug");
        servers = List.copyOf(servers);
        prefixMode = prefixMode == null ? PrefixMode.CONDITIONAL : prefixMode;
        separator = separator == null || separator.isEmpty() ? DEFAULT_SEPARATOR : separator;
    }

    public Gateway(String id, String name, String slug, String description, List<GatewayServer> servers, Instant createdAt) {
        this(id, name, slug, description, servers, createdAt, PrefixMode.CONDITIONAL, DEFAULT_SEPARATOR);
    }

    /** The enabled servers, in assignment order: the order of every merged list. */
    public List<GatewayServer> enabledServers() {
        return servers.stream().filter(s -> s.server().enabled()).toList();
    }

    /** The first enabled server. */
    public Optional<GatewayServer> primaryServer() {
        return servers.stream().filter(s -> s.server().enabled()).findFirst();
    }

    /** An assigned server by id. */
    public Optional<GatewayServer> server(String serverId) {
        return servers.stream().filter(s -> s.server().id().equals(serverId)).findFirst();
    }

    /** True when published names carry their server's prefix. */
    public boolean prefixed() {
        return switch (prefixMode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case CONDITIONAL -> servers.size() > 1;
        };
    }
}
