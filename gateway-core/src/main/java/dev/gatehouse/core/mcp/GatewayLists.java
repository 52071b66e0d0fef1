package dev.gatehouse.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.model.Exposure;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.session.UpstreamScope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Merges {@code tools/list}, {@code prompts/list}, {@code resources/list} and
 * {@code resources/templates/list} across a gateway's servers: asked in parallel, merged in assignment
 * order (each server's own order kept), filtered by the assignment's allow-list, names published with
 * the prefix. A server that fails only loses its items; the cursor pages every server that has more.
 */
public final class GatewayLists {
    private final OwnRequests requests;
    private final NameIndex index;
    private final ToolFilter tools;

    /** Which of one server's tools may be listed (tool quarantine); the others are left out. */
    @FunctionalInterface
    public interface ToolFilter {
        List<JsonNode> visible(GatewayServer server, List<JsonNode> tools);
    }

    public GatewayLists(OwnRequests requests, NameIndex index) {
        this(requests, index, (server, all) -> all);
    }

    public GatewayLists(OwnRequests requests, NameIndex index, ToolFilter tools) {
        this.requests = requests;
        this.index = index;
        this.tools = tools;
    }

    public CompletableFuture<MergedList> list(Gateway gateway, UpstreamScope scope, ItemKind kind, String cursor) {
        Map<String, String> pending;
        if (cursor == null) {
            pending = new LinkedHashMap<>();
            gateway.enabledServers().stream().filter(s -> kind.exposure(s).mode() != Exposure.Mode.NONE)
                    .forEach(s -> pending.put(s.server().id(), ""));
        } else {
            var read = GatewayCursor.read(cursor);
            if (read.isEmpty() || read.get().keySet().stream().anyMatch(id -> gateway.server(id).isEmpty())) {
                return CompletableFuture.completedFuture(new MergedList.BadCursor());
            }
            pending = read.get();
        }
        List<GatewayServer> asked = gateway.enabledServers().stream().filter(s -> pending.containsKey(s.server().id())).toList();
        List<CompletableFuture<OwnRequests.Answer>> answers = asked.stream().map(s -> {
            ObjectNode params = OwnRequests.MAPPER.createObjectNode();
            String upstreamCursor = pending.get(s.server().id());
            if (!upstreamCursor.isEmpty()) {
                params.put("cursor", upstreamCursor);
            }
            return requests.ask(scope, s.server(), kind.listMethod(), params);
        }).toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    MergedList merged = merge(gateway, kind, asked, answers.stream().map(CompletableFuture::join).toList());
                    if (cursor == null && merged instanceof MergedList.Page p && p.nextCursor() == null
                            && p.unanswered().isEmpty()) {
                        index.listedCompletely(gateway.slug(), kind); // every server answered with all it has
                    }
                    return merged;
                });
    }

    private MergedList merge(Gateway gateway, ItemKind kind, List<GatewayServer> asked, List<OwnRequests.Answer> answers) {
        ItemNames names = new ItemNames(gateway);
        ArrayNode items = OwnRequests.MAPPER.createArrayNode();
        Map<String, String> next = new LinkedHashMap<>();
        OwnRequests.Answer.Unavailable firstFailure = null;
        OwnRequests.Answer.Resting resting = null;
        java.util.Set<String> unanswered = new java.util.HashSet<>();
        boolean anyAnswered = false;
        for (int i = 0; i < asked.size(); i++) {
            GatewayServer server = asked.get(i);
            OwnRequests.Answer answer = answers.get(i);
            if (answer instanceof OwnRequests.Answer.Unavailable u) {
                firstFailure = firstFailure == null ? u : firstFailure;
                unanswered.add(server.server().id());
                continue;
            }
            if (answer instanceof OwnRequests.Answer.Resting r) {
                resting = resting == null ? r : resting; // its circuit is open: it loses its items, as a server that is down
                unanswered.add(server.server().id());
                continue;
            }
            anyAnswered = true;
            if (!(answer instanceof OwnRequests.Answer.Result r)) {
                continue; // e.g. a server without prompts answers "method not found": it has none
            }
            JsonNode all = r.result().path(kind.member());
            java.util.Set<JsonNode> shown = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (JsonNode item : visible(kind, server, all)) {
                shown.add(item);
                publish(gateway, kind, names, server, item).ifPresent(items::add);
            }
            if (all.size() != shown.size()) {
                // withheld by the quarantine: routable (so a call gets the quarantine's refusal), never listed
                all.forEach(item -> {
                    if (!shown.contains(item)) {
                        publish(gateway, kind, names, server, item);
                    }
                });
            }
            JsonNode cursor = r.result().path("nextCursor");
            if (cursor.isTextual() && !cursor.textValue().isEmpty()) {
                next.put(server.server().id(), cursor.textValue());
            }
        }
        if (!anyAnswered && firstFailure != null) {
            return new MergedList.Unavailable(firstFailure.reply());
        }
        if (!anyAnswered && resting != null) {
            return new MergedList.Resting(resting.retryAfterSeconds());
        }
        return new MergedList.Page(items, kind, GatewayCursor.write(next), unanswered);
    }

    private Iterable<JsonNode> visible(ItemKind kind, GatewayServer server, JsonNode items) {
        if (kind != ItemKind.TOOLS || !items.isArray()) {
            return items;
        }
        List<JsonNode> all = new java.util.ArrayList<>(items.size());
        items.forEach(all::add);
        return tools.visible(server, all);
    }

    private java.util.Optional<JsonNode> publish(Gateway gateway, ItemKind kind, ItemNames names, GatewayServer server, JsonNode item) {
        JsonNode key = item.path(kind.key());
        if (!item.isObject() || !key.isTextual() || !kind.exposure(server).allows(key.textValue())) {
            return java.util.Optional.empty();
        }
        ObjectNode copy = ((ObjectNode) item).deepCopy();
        String published = key.textValue();
        if (kind.named()) {
            published = names.published(server, key.textValue());
            copy.put(kind.key(), published);
        } else if (gateway.prefixed() && item.path("name").isTextual()) {
            copy.put("name", names.published(server, item.path("name").textValue()));
        }
        index.learn(gateway.slug(), kind, published, server.server().id(), key.textValue());
        return java.util.Optional.of(copy);
    }
}
