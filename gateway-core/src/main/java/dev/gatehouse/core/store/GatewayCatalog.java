package dev.gatehouse.core.store;

import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.UpstreamServer;

import java.util.List;
import java.util.Optional;

/** The upstream servers and the gateways that publish them. */
public interface GatewayCatalog {
    List<Gateway> gateways();

    Optional<Gateway> gateway(String slug);

    Gateway createGateway(NewGateway spec, String actor);

    List<UpstreamServer> servers();

    /** A server by id or slug. */
    Optional<UpstreamServer> server(String idOrSlug);

    UpstreamServer createServer(NewServer spec, String actor);
}
