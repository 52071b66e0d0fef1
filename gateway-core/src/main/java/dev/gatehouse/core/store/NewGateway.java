package dev.gatehouse.core.store;

import java.util.List;

/** What an admin gives to publish a gateway: its name, URL segment and the servers it fronts. */
public record NewGateway(String name, String slug, String description, List<Assignment> servers) {
    public NewGateway {
        servers = servers == null ? List.of() : List.copyOf(servers);
    }

    /** One server on the gateway, by id or slug, with the prefix its tools carry there and its identity scheme. */
    public record Assignment(String server, String toolPrefix, dev.gatehouse.core.model.IdentityScheme scheme) {
        public Assignment {
            scheme = scheme == null ? dev.gatehouse.core.model.IdentityScheme.SHARED : scheme;
        }

        public Assignment(String server, String toolPrefix) {
            this(server, toolPrefix, null);
        }
    }
}
