package dev.gatehouse.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.jsonrpc.JsonRpcWriter;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.jsonrpc.RawJson;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.session.UpstreamLink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens an MCP session with an upstream as its client (MCP "Lifecycle"): {@code initialize} with the
 * revision Gatehouse asks for and the capabilities it declares on its client's behalf, then
 * {@code notifications/initialized}. The revision the upstream answers is the one used with it from
 * then on, whatever the client negotiated with Gatehouse.
 */
public final class UpstreamHandshake {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The handshake's outcome. */
    public sealed interface Opening {
        /** The session is open; {@code result} is the upstream's initialize result. */
        record Ready(UpstreamLink link, RawJson result) implements Opening {
        }

        /** No session: the reply that explains why. */
        record Unavailable(UpstreamResponse reply) implements Opening {
        }
    }

    private final UpstreamClient client;
    private final JsonRpcParser parser = new JsonRpcParser();
    private final String clientVersion;
    private final AtomicLong ids = new AtomicLong();

    public UpstreamHandshake(UpstreamClient client, String clientVersion) {
        this.client = client;
        this.clientVersion = clientVersion;
    }

    /**
     * @param capabilities the client capabilities to declare, as JSON text ({@code {}} for none)
     */
    public CompletableFuture<Opening> open(UpstreamServer server, String protocolVersion, String capabilities) {
        JsonRpcId id = JsonRpcId.of("gatehouse-init-" + ids.incrementAndGet());
        byte[] initialize = initialize(id, protocolVersion, capabilities);
        return client.post(server, UpstreamRequest.of(initialize))
                .thenCompose(reply -> UpstreamReplies.answer(reply, id, parser).thenCompose(answer -> {
                    if (answer.isEmpty() || !(answer.get() instanceof JsonRpcMessage.Response r)) {
                        return CompletableFuture.completedFuture(new Opening.Unavailable(UpstreamReplies.failureOf(reply)));
                    }
                    String version = r.result().text("protocolVersion").orElse(protocolVersion);
                    return initialized(server, new UpstreamLink(UpstreamReplies.sessionIdOf(reply), version), r.result());
                }));
    }

    private CompletableFuture<Opening> initialized(UpstreamServer server, UpstreamLink link, RawJson result) {
        UpstreamRequest note = new UpstreamRequest(JsonRpcWriter.notification(McpMethods.NOTIFICATION_INITIALIZED),
                link.sessionId(), link.protocolVersion(), null);
        return client.post(server, note).thenApply(reply -> {
            if (reply instanceof UpstreamResponse.Stream s) {
                s.events().cancel(); // a notification has no answer to wait for
            }
            return reply instanceof UpstreamResponse.Failed || reply instanceof UpstreamResponse.Refused
                    ? new Opening.Unavailable(reply) : new Opening.Ready(link, result);
        });
    }

    private byte[] initialize(JsonRpcId id, String protocolVersion, String capabilities) {
        ObjectNode params = MAPPER.createObjectNode();
        params.put("protocolVersion", protocolVersion);
        params.set("capabilities", capabilitiesOf(capabilities));
        params.putObject("clientInfo").put("name", "gatehouse").put("version", clientVersion);
        ObjectNode message = MAPPER.createObjectNode().put("jsonrpc", "2.0");
        message.set("id", MAPPER.valueToTree(id.text()));
        message.put("method", McpMethods.INITIALIZE);
        message.set("params", params);
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode capabilitiesOf(String json) {
        try {
            JsonNode node = json == null ? null : MAPPER.readTree(json);
            return node != null && node.isObject() ? node : MAPPER.createObjectNode();
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }
}
