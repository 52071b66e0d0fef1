package dev.gatehouse.core.upstream;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.jsonrpc.JsonRpcWriter;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.model.UpstreamServer;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's own MCP session with each upstream, for clients that send no {@code Mcp-Session-Id}
 * (a plain {@code curl} of {@code tools/list} or {@code tools/call}). Stateful servers, the MCP Java
 * SDK's among them, refuse requests outside a session, so Gatehouse opens one per node and upstream
 * server on first use ({@code initialize}, then {@code notifications/initialized}) and shares it for
 * all such requests. Concurrent first requests open it once; a session the upstream has forgotten
 * (404) is reopened once and the request retried.
 */
public final class UpstreamSessions {
    /** A session the gateway opened: its id (null for a stateless upstream) and negotiated revision. */
    public record Session(String id, String protocolVersion) {
    }

    private sealed interface Opening {
        record Ready(Session session, UpstreamServer server) implements Opening {
        }

        record Unavailable(UpstreamResponse reply) implements Opening {
        }
    }

    private static final UpstreamResponse INVALID = new UpstreamResponse.Failed(UpstreamResponse.Failure.INVALID_REPLY);

    private final UpstreamClient client;
    private final JsonRpcParser parser = new JsonRpcParser();
    private final String clientVersion;
    private final ConcurrentMap<String, CompletableFuture<Opening>> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    public UpstreamSessions(UpstreamClient client, String clientVersion) {
        this.client = client;
        this.clientVersion = clientVersion;
    }

    /** Sends the message on the gateway's session with the server, opening it first if need be. */
    public CompletableFuture<UpstreamResponse> send(UpstreamServer server, UpstreamRequest request) {
        return send(server, request, true);
    }

    private CompletableFuture<UpstreamResponse> send(UpstreamServer server, UpstreamRequest request, boolean mayReopen) {
        CompletableFuture<Opening> opening = session(server);
        return opening.thenCompose(o -> {
            if (o instanceof Opening.Unavailable u) {
                return CompletableFuture.completedFuture(u.reply());
            }
            Session s = ((Opening.Ready) o).session();
            return client.post(server, request.onSession(s.id(), s.protocolVersion())).thenCompose(reply -> {
                if (mayReopen && reply instanceof UpstreamResponse.Refused r && r.status() == 404) {
                    sessions.remove(key(server), opening); // the upstream forgot it (restart, expiry)
                    return send(server, request, false);
                }
                return CompletableFuture.completedFuture(reply);
            });
        });
    }

    private CompletableFuture<Opening> session(UpstreamServer server) {
        String key = key(server);
        CompletableFuture<Opening> f = sessions.computeIfAbsent(key, k -> open(server));
        f.thenAccept(o -> {
            if (o instanceof Opening.Unavailable) {
                sessions.remove(key, f); // the next request tries again
            }
        });
        return f;
    }

    private CompletableFuture<Opening> open(UpstreamServer server) {
        JsonRpcId id = JsonRpcId.of("gatehouse-" + ids.incrementAndGet());
        byte[] initialize = JsonRpcWriter.request(id, McpMethods.INITIALIZE, Map.of(
                "protocolVersion", McpMethods.GATEWAY_PROTOCOL_VERSION,
                "capabilities", Map.of(),
                "clientInfo", Map.of("name", "gatehouse", "version", clientVersion)));
        return client.post(server, UpstreamRequest.of(initialize))
                .thenCompose(reply -> initializeResult(reply, id).thenCompose(result -> result.isEmpty()
                        ? CompletableFuture.completedFuture(new Opening.Unavailable(failureOf(reply)))
                        : initialized(server, sessionOf(reply, result.get()))));
    }

    private CompletableFuture<Optional<JsonRpcMessage.Response>> initializeResult(UpstreamResponse reply, JsonRpcId id) {
        CompletableFuture<Optional<JsonRpcMessage>> message;
        if (reply instanceof UpstreamResponse.Json j) {
            message = CompletableFuture.completedFuture(parser.responseTo(id, j.body()));
        } else if (reply instanceof UpstreamResponse.Stream s) {
            message = ResponseCollector.collect(s.events(), parser, id);
        } else {
            message = CompletableFuture.completedFuture(Optional.empty());
        }
        return message.thenApply(m -> m.filter(JsonRpcMessage.Response.class::isInstance)
                .map(JsonRpcMessage.Response.class::cast));
    }

    private static Session sessionOf(UpstreamResponse reply, JsonRpcMessage.Response result) {
        String sessionId = reply instanceof UpstreamResponse.Json j ? j.sessionId()
                : reply instanceof UpstreamResponse.Stream s ? s.sessionId() : null;
        String version = result.result().text("protocolVersion").orElse(McpMethods.GATEWAY_PROTOCOL_VERSION);
        return new Session(sessionId, version);
    }

    private CompletableFuture<Opening> initialized(UpstreamServer server, Session session) {
        UpstreamRequest note = new UpstreamRequest(JsonRpcWriter.notification(McpMethods.NOTIFICATION_INITIALIZED),
                session.id(), session.protocolVersion(), null);
        return client.post(server, note).thenApply(reply -> {
            if (reply instanceof UpstreamResponse.Stream s) {
                s.events().cancel(); // a notification has no answer to wait for
            }
            return reply instanceof UpstreamResponse.Failed || reply instanceof UpstreamResponse.Refused
                    ? new Opening.Unavailable(reply) : new Opening.Ready(session, server);
        });
    }

    private static UpstreamResponse failureOf(UpstreamResponse reply) {
        return reply instanceof UpstreamResponse.Failed || reply instanceof UpstreamResponse.Refused ? reply : INVALID;
    }

    private static String key(UpstreamServer server) {
        return server.id() + ' ' + server.url();
    }

    /** Ends the gateway's sessions at their servers; completes when every server has answered or failed. */
    public CompletableFuture<Void> closeAll() {
        CompletableFuture<?>[] deletes = sessions.values().stream()
                .map(f -> f.getNow(null))
                .filter(o -> o instanceof Opening.Ready r && r.session().id() != null)
                .map(o -> ((Opening.Ready) o))
                .map(r -> client.delete(r.server(), r.session().id(), r.session().protocolVersion()))
                .toArray(CompletableFuture<?>[]::new);
        sessions.clear();
        return CompletableFuture.allOf(deletes);
    }
}
