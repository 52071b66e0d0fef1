package dev.gatehouse.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.session.UpstreamScope;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Checks, before a gateway publishes names without prefixes ({@code never}), that no two of its servers
 * publish the same tool or prompt name: the servers are asked for their lists now. A server that does
 * not answer cannot be checked, and that too is a reason to refuse.
 */
public final class NameClashes {
    private static final int MAX_PAGES = 20;
    private final OwnRequests requests;

    public NameClashes(OwnRequests requests) {
        this.requests = requests;
    }

    /** Why the servers cannot share a namespace, or empty when they can. */
    public CompletableFuture<Optional<String>> find(List<GatewayServer> servers) {
        CompletableFuture<Optional<String>> result = CompletableFuture.completedFuture(Optional.empty());
        for (ItemKind kind : List.of(ItemKind.TOOLS, ItemKind.PROMPTS)) {
            Map<String, String> owners = new HashMap<>();
            for (GatewayServer s : servers) {
                result = result.thenCompose(found -> found.isPresent() ? CompletableFuture.completedFuture(found)
                        : names(s, kind, null, new ArrayList<>(), 0).thenApply(names -> clash(s, kind, names, owners)));
            }
        }
        return result;
    }

    private static Optional<String> clash(GatewayServer s, ItemKind kind, Optional<List<String>> names, Map<String, String> owners) {
        if (names.isEmpty()) {
            return Optional.of("server '" + s.server().slug() + "' did not answer, so its names cannot be checked");
        }
        for (String n : names.get()) {
            String other = owners.putIfAbsent(n, s.server().slug());
            if (other != null && !other.equals(s.server().slug())) {
                return Optional.of("servers '" + other + "' and '" + s.server().slug() + "' both publish the "
                        + (kind == ItemKind.TOOLS ? "tool" : "prompt") + " '" + n + "'");
            }
        }
        return Optional.empty();
    }

    private CompletableFuture<Optional<List<String>>> names(GatewayServer s, ItemKind kind, String cursor, List<String> into, int page) {
        ObjectNode params = OwnRequests.MAPPER.createObjectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        return requests.ask(new UpstreamScope.Gateway(), s.server(), kind.listMethod(), params).thenCompose(answer -> {
            if (answer instanceof OwnRequests.Answer.Unavailable) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            if (!(answer instanceof OwnRequests.Answer.Result r)) {
                return CompletableFuture.completedFuture(Optional.of(into)); // no such items on that server
            }
            for (JsonNode item : r.result().path(kind.member())) {
                String name = item.path("name").asText(null);
                if (name != null && kind.exposure(s).allows(name)) {
                    into.add(name);
                }
            }
            JsonNode next = r.result().path("nextCursor");
            return next.isTextual() && page < MAX_PAGES ? names(s, kind, next.textValue(), into, page + 1)
                    : CompletableFuture.completedFuture(Optional.of(into));
        });
    }
}
