package dev.gatehouse.core.store;

import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.PrefixMode;
import dev.gatehouse.core.model.UpstreamServer;

import java.util.List;
import java.util.Optional;

/** The upstream servers and the gateways that publish them. */
public interface GatewayCatalog {
    List<Gateway> gateways();

    Optional<Gateway> gateway(String slug);

    Gateway createGateway(NewGateway spec, String actor);

    /** Sets how the gateway publishes item names: prefix mode and separator (null: {@code __}). */
    Gateway nameItems(String gatewaySlug, PrefixMode mode, String separator);

    /** Publishes a server on the gateway, or changes its prefix and allow-lists if it is already there. */
    Gateway publish(String gatewaySlug, Publication publication);

    /** Takes a server off the gateway (every assignment of it). */
    default Gateway withdraw(String gatewaySlug, String server) {
        return withdraw(gatewaySlug, server, null);
    }

    /** Takes a server's assignment under {@code scheme} off the gateway (null: every assignment of it). */
    Gateway withdraw(String gatewaySlug, String server, dev.gatehouse.core.model.IdentityScheme scheme);

    List<UpstreamServer> servers();

    /** The sort names {@link #servers(ListQuery)} knows. */
    java.util.Set<String> SERVER_SORTS = java.util.Set.of("name", "slug", "url", "transport", "createdAt");

    /** Servers matching the query's text in name, slug, URL or id, one page of them, usual order by name. */
    Page<UpstreamServer> servers(ListQuery query);

    /** A server by id or slug. */
    Optional<UpstreamServer> server(String idOrSlug);

    UpstreamServer createServer(NewServer spec, String actor);

    /**
     * The server's revision tag: a digest of everything an edit can change (its credential as sealed, never
     * the secret), so it changes with every edit, from whatever route; empty if there is no such server.
     */
    Optional<String> serverRevision(String idOrSlug);

    /**
     * Edits a server in one transaction. With {@code expectedRevision} (from {@link #serverRevision}) the edit is
     * refused with {@link RequestRejected.Reason#STALE} when the server changed since; without it the last
     * write wins. When the URL moves to another origin (scheme, host or port) the server's stored credentials
     * stay behind: its shared identity (replaced by a secret given in the same edit, else dropped), its users'
     * identities, its OAuth client registration, and the upstream session ids its clients' sessions hold there
     * (a session's next request opens a new one); a path change on the same origin keeps them.
     */
    EditedServer editServer(String idOrSlug, ServerEdit edit, String expectedRevision, String actor);
}
