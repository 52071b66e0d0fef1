package dev.gatehouse.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.jsonrpc.RawJson;
import dev.gatehouse.core.model.Exposure;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.upstream.UpstreamSessions;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a gateway tells its clients about itself in {@code initialize} and {@code server/discover}: the
 * union of the capabilities its servers offer (as this node's own sessions with them learnt), and their
 * instructions. A server that does not answer in time contributes nothing; tools are always offered.
 * Only capabilities the negotiated revision defines are published ({@code tasks} from 2025-11-25 on).
 * {@code tasks} and {@code experimental} are published for a one-server gateway only: their methods
 * ({@code tasks/get}, vendor methods) name no tool or URI, so Gatehouse can route them to one server alone.
 */
public final class GatewayDescription {
    /** The capabilities and instructions to publish. */
    public record Described(ObjectNode capabilities, String instructions) {
    }

    private final UpstreamSessions sessions;
    private final Duration wait;

    public GatewayDescription(UpstreamSessions sessions, Duration wait) {
        this.sessions = sessions;
        this.wait = wait;
    }

    /** What to publish to a client speaking {@code protocolVersion}. */
    public CompletableFuture<Described> describe(Gateway gateway, String protocolVersion) {
        List<GatewayServer> servers = gateway.enabledServers();
        List<CompletableFuture<Optional<RawJson>>> results = servers.stream()
                .map(s -> sessions.describe(s.server())
                        .completeOnTimeout(Optional.empty(), wait.toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionally(e -> Optional.empty()))
                .toList();
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ObjectNode caps = OwnRequests.MAPPER.createObjectNode();
            caps.putObject("tools");
            StringBuilder instructions = new StringBuilder();
            for (int i = 0; i < servers.size(); i++) {
                Optional<RawJson> result = results.get(i).join();
                if (result.isPresent()) {
                    merge(caps, servers.get(i), result.get().tree());
                    if (servers.size() == 1) {
                        passThrough(caps, result.get().tree().path("capabilities"), protocolVersion);
                    }
                    note(instructions, gateway, servers.get(i), result.get().tree().path("instructions"));
                }
            }
            return new Described(caps, instructions.length() == 0 ? null : instructions.toString());
        });
    }

    private static void merge(ObjectNode caps, GatewayServer server, JsonNode result) {
        JsonNode offered = result.path("capabilities");
        if (offered.path("tools").path("listChanged").asBoolean(false)) {
            ((ObjectNode) caps.get("tools")).put("listChanged", true);
        }
        if (offered.has("prompts") && server.prompts().mode() != Exposure.Mode.NONE) {
            flags(caps.with("prompts"), offered.path("prompts"), "listChanged");
        }
        if (offered.has("resources") && server.resources().mode() != Exposure.Mode.NONE) {
            flags(caps.with("resources"), offered.path("resources"), "listChanged", "subscribe");
        }
        if (offered.has("logging")) {
            caps.with("logging");
        }
        if (offered.has("completions")) {
            caps.with("completions");
        }
    }

    /** Capabilities whose methods a one-server gateway passes through as they are, copied whole. */
    private static void passThrough(ObjectNode caps, JsonNode offered, String protocolVersion) {
        if (offered.path("tasks").isObject() && McpMethods.definesTasks(protocolVersion)) {
            caps.set("tasks", offered.get("tasks").deepCopy());
        }
        if (offered.path("experimental").isObject() && !offered.get("experimental").isEmpty()) {
            caps.set("experimental", offered.get("experimental").deepCopy());
        }
    }

    private static void flags(ObjectNode into, JsonNode from, String... names) {
        for (String n : names) {
            if (from.path(n).asBoolean(false)) {
                into.put(n, true);
            }
        }
    }

    private static void note(StringBuilder out, Gateway gateway, GatewayServer server, JsonNode text) {
        if (!text.isTextual() || text.textValue().isBlank()) {
            return;
        }
        if (gateway.enabledServers().size() == 1) {
            out.append(text.textValue());
            return;
        }
        if (out.length() > 0) {
            out.append("\n\n");
        }
        out.append(server.server().name()).append(" (prefix ").append(server.toolPrefix()).append("): ").append(text.textValue());
    }
}
