package dev.gatehouse.core.mcp;

import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.session.UpstreamScope;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Routes {@code tools/call}, {@code prompts/get} and the resource methods to one server: by the name's
 * prefix when it tells, else by what the merged lists taught this node ({@link NameIndex}), listing the
 * servers once more when the node has not seen the name yet. The allow-list then decides.
 */
public final class GatewayRouter {
    private static final int MAX_PAGES = 20;
    /**
     * How long a whole tool list merged by this node answers for names it lacks: a flood of unknown names
     * costs the servers one list per this interval at most, instead of one per name.
     */
    static final java.time.Duration FRESH_LIST = java.time.Duration.ofSeconds(5);

    private final GatewayLists lists;
    private final NameIndex index;

    public GatewayRouter(GatewayLists lists, NameIndex index) {
        this.lists = lists;
        this.index = index;
    }

    /** @param kind TOOLS, PROMPTS or RESOURCES (for a URI) */
    public CompletableFuture<Resolution> resolve(Gateway gateway, UpstreamScope scope, ItemKind kind, String publishedOrUri) {
        Optional<Route> direct = direct(gateway, kind, publishedOrUri);
        if (kind == ItemKind.TOOLS) {
            return tool(gateway, scope, publishedOrUri, direct);
        }
        if (direct.isPresent()) {
            return CompletableFuture.completedFuture(decide(kind, direct.get()));
        }
        Optional<Route> known = known(gateway, kind, publishedOrUri);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(decide(kind, known.get()));
        }
        List<ItemKind> kinds = kind == ItemKind.RESOURCES ? List.of(ItemKind.RESOURCES, ItemKind.RESOURCE_TEMPLATES) : List.of(kind);
        CompletableFuture<Void> learnt = CompletableFuture.completedFuture(null);
        for (ItemKind k : kinds) {
            learnt = learnt.thenCompose(v -> learnAll(gateway, scope, k, null, 0));
        }
        return learnt.thenApply(v -> known(gateway, kind, publishedOrUri).map(r -> decide(kind, r))
                .orElseGet(() -> unpublished(gateway, kind, publishedOrUri)));
    }

    /**
     * A tool is called only by a name the gateway's tool list publishes (or withholds under quarantine):
     * its name's form may say which server would have it, but only the list says that it exists. A name
     * the list does not have is unknown and never reaches a server, except when the server it would go
     * to did not answer the list (it is then called, and its failure answered as such).
     */
    private CompletableFuture<Resolution> tool(Gateway gateway, UpstreamScope scope, String published, Optional<Route> direct) {
        if (direct.isPresent() && !ItemKind.TOOLS.exposure(direct.get().server()).allows(direct.get().upstreamName())) {
            return CompletableFuture.completedFuture(new Resolution.Denied(direct.get()));
        }
        Optional<Route> known = known(gateway, ItemKind.TOOLS, published);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(decide(ItemKind.TOOLS, known.get()));
        }
        if (index.listedWithin(gateway.slug(), ItemKind.TOOLS, FRESH_LIST)) {
            return CompletableFuture.completedFuture(unpublished(gateway, ItemKind.TOOLS, published)); // no server asked
        }
        java.util.Set<String> unanswered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return learnAll(gateway, scope, ItemKind.TOOLS, null, 0, unanswered).thenApply(v -> {
            Optional<Route> learnt = known(gateway, ItemKind.TOOLS, published);
            if (learnt.isPresent()) {
                return decide(ItemKind.TOOLS, learnt.get());
            }
            if (direct.isPresent() && unanswered.contains(direct.get().server().server().id())) {
                return decide(ItemKind.TOOLS, direct.get());
            }
            return unpublished(gateway, ItemKind.TOOLS, published);
        });
    }

    private Optional<Route> direct(Gateway gateway, ItemKind kind, String publishedOrUri) {
        if (kind.named()) {
            return new ItemNames(gateway).parse(publishedOrUri);
        }
        List<GatewayServer> servers = gateway.enabledServers();
        return servers.size() == 1 ? Optional.of(new Route(servers.get(0), publishedOrUri)) : Optional.empty();
    }

    private Optional<Route> known(Gateway gateway, ItemKind kind, String publishedOrUri) {
        return index.find(gateway.slug(), kind, publishedOrUri)
                .flatMap(e -> gateway.server(e.serverId()).map(s -> new Route(s, e.upstreamName())));
    }

    /** Walks every page of the merged list, so the index learns each published item. */
    private CompletableFuture<Void> learnAll(Gateway gateway, UpstreamScope scope, ItemKind kind, String cursor, int page) {
        return learnAll(gateway, scope, kind, cursor, page, java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    /** @param unanswered collects the servers that did not answer some page (all of them, when none did) */
    private CompletableFuture<Void> learnAll(Gateway gateway, UpstreamScope scope, ItemKind kind, String cursor, int page,
                                             java.util.Set<String> unanswered) {
        return lists.list(gateway, scope, kind, cursor).thenCompose(m -> {
            if (m instanceof MergedList.Page p) {
                unanswered.addAll(p.unanswered());
                return p.nextCursor() != null && page < MAX_PAGES
                        ? learnAll(gateway, scope, kind, p.nextCursor(), page + 1, unanswered)
                        : CompletableFuture.completedFuture(null);
            }
            gateway.enabledServers().forEach(s -> unanswered.add(s.server().id()));
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * A name no list published: if its prefix names a server, that server holds it but its allow-list
     * hides it (lists never show what is not allowed, so the index cannot have learnt it).
     */
    private static Resolution unpublished(Gateway gateway, ItemKind kind, String publishedOrUri) {
        Optional<Route> byPrefix = kind.named() && gateway.prefixed() ? new ItemNames(gateway).parse(publishedOrUri) : Optional.empty();
        return byPrefix.<Resolution>map(Resolution.Denied::new).orElseGet(Resolution.Unknown::new);
    }

    private static Resolution decide(ItemKind kind, Route route) {
        return kind.exposure(route.server()).allows(route.upstreamName())
                ? new Resolution.Allowed(route) : new Resolution.Denied(route);
    }
}
