package dev.gatehouse.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.jsonrpc.JsonRpcWriter;
import dev.gatehouse.core.jsonrpc.RawJson;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.runtime.LocalIds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One client request on its way to one server and the messages coming back for it. Upstream, the
 * published name becomes the server's own; on the node's shared upstream session (clients without a
 * session) the request id and progress token become gateway-unique, since many clients share that
 * session. Coming back, ids and tokens are mapped back, and requests the server sends to the client get
 * routable ids ({@link ServerRequestIds}). When nothing needs rewriting the bytes go as received.
 */
public final class ForwardedRequest {
    /** One upstream message as the client gets it. */
    public sealed interface Back {
        /** The answer to this request: the exchange ends with it. */
        record Final(byte[] json, JsonRpcMessage answer) implements Back {
        }

        /** A notification or server request to pass on (progress, logging, sampling…). */
        record Relay(byte[] json) implements Back {
        }

        /** Not for this client (a stray response). */
        record Skip() implements Back {
        }
    }

    private final JsonRpcParser parser;
    private final JsonRpcId clientId;
    private final JsonRpcId upstreamId;
    private final JsonNode clientToken;
    private final String upstreamToken;
    private final String serverId;
    private final byte[] upstreamBody;

    private ForwardedRequest(JsonRpcParser parser, JsonRpcId clientId, JsonRpcId upstreamId, JsonNode clientToken,
                             String upstreamToken, String serverId, byte[] upstreamBody) {
        this.parser = parser;
        this.clientId = clientId;
        this.upstreamId = upstreamId;
        this.clientToken = clientToken;
        this.upstreamToken = upstreamToken;
        this.serverId = serverId;
        this.upstreamBody = upstreamBody;
    }

    /**
     * @param upstreamName the item's name at the server when the method names one ({@code params.name},
     *                     or {@code params.ref.name} of a completion), else null
     * @param shared       true on the node's shared upstream session
     */
    public static ForwardedRequest of(JsonRpcParser parser, JsonRpcMessage.Request request, byte[] body,
                                      String serverId, String upstreamName, boolean shared) {
        RawJson params = request.params();
        boolean renamed = renames(params, request.method(), upstreamName);
        JsonNode clientToken = params.copyAt("_meta", "progressToken");
        if (!renamed && !shared) {
            // nothing to rewrite: the bytes go as received, not even parsed again
            return new ForwardedRequest(parser, request.id(), request.id(), clientToken, null, serverId, body);
        }
        // rewritten from the message read once (its params copied), not from a second parse of the body
        ObjectNode tree = OwnRequests.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        JsonNode paramsTree = params.present() ? params.tree() : null;
        if (renamed) {
            rename((ObjectNode) paramsTree, request.method(), upstreamName);
        }
        JsonRpcId upstreamId = request.id();
        String upstreamToken = null;
        if (shared) {
            String unique = LocalIds.sequential(); // unique on the node's shared session, and never its client's to guess
            upstreamId = JsonRpcId.of("gh-" + unique);
            if (!clientToken.isMissingNode() && !clientToken.isNull()) {
                upstreamToken = "gh-p-" + unique;
                ((ObjectNode) paramsTree.get("_meta")).put("progressToken", upstreamToken);
            }
        }
        tree.set("id", idNode(upstreamId));
        tree.put("method", request.method());
        if (paramsTree != null) {
            tree.set("params", paramsTree);
        }
        byte[] upstream = tree.toString().getBytes(StandardCharsets.UTF_8);
        return new ForwardedRequest(parser, request.id(), upstreamId, clientToken, upstreamToken, serverId, upstream);
    }

    /** True when the item must reach the server under another name than the client's. */
    private static boolean renames(RawJson params, String method, String upstreamName) {
        if (upstreamName == null) {
            return false;
        }
        if (!params.isObject()) {
            return false;
        }
        // the same target as rename(): a completion's ref when it is an object, else params itself
        boolean ref = McpMethods.COMPLETION_COMPLETE.equals(method) && params.isObject("ref");
        return !upstreamName.equals((ref ? params.text("ref", "name") : params.text("name")).orElse(null));
    }

    private static JsonNode idNode(JsonRpcId id) {
        try {
            return OwnRequests.MAPPER.readTree(id.json());
        } catch (IOException e) {
            throw new IllegalArgumentException("an id is JSON", e);
        }
    }

    private static boolean rename(ObjectNode params, String method, String upstreamName) {
        if (upstreamName == null || params == null) {
            return false;
        }
        ObjectNode target = McpMethods.COMPLETION_COMPLETE.equals(method) && params.get("ref") instanceof ObjectNode ref
                ? ref : params;
        if (upstreamName.equals(target.path("name").textValue())) {
            return false;
        }
        target.put("name", upstreamName);
        return true;
    }

    public byte[] upstreamBody() {
        return upstreamBody;
    }

    public JsonRpcId upstreamId() {
        return upstreamId;
    }

    /** The upstream's progress token for this request, when it differs from the client's. */
    public String upstreamProgressToken() {
        return upstreamToken;
    }

    /** Maps one message of the upstream's reply. */
    public Back back(byte[] json) {
        if (!(parser.parse(json) instanceof JsonRpcParser.Result.Parsed parsed)) {
            return new Back.Skip();
        }
        JsonRpcMessage m = parsed.message();
        if (m instanceof JsonRpcMessage.Response r && r.id().equals(upstreamId)) {
            // under the client's id, written from the result already read (no second parse)
            return new Back.Final(upstreamId.equals(clientId) ? json : JsonRpcWriter.result(clientId, r.result()), m);
        }
        if (m instanceof JsonRpcMessage.ErrorResponse e && e.id().equals(upstreamId)) {
            return new Back.Final(upstreamId.equals(clientId) ? json : withId(json, clientId), m);
        }
        if (m instanceof JsonRpcMessage.Notification n) {
            if (upstreamToken != null && McpMethods.NOTIFICATION_PROGRESS.equals(n.method())
                    && upstreamToken.equals(n.params().text("progressToken").orElse(null))) {
                return new Back.Relay(withToken(json));
            }
            return new Back.Relay(json);
        }
        if (m instanceof JsonRpcMessage.Request r) {
            return new Back.Relay(withId(json, JsonRpcId.of(ServerRequestIds.relayed(serverId, r.id()))));
        }
        return new Back.Skip();
    }

    private static byte[] withId(byte[] json, JsonRpcId id) {
        try {
            ObjectNode tree = (ObjectNode) OwnRequests.MAPPER.readTree(json);
            tree.set("id", OwnRequests.MAPPER.readTree(id.json()));
            return tree.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("the message was parsed before", e);
        }
    }

    private byte[] withToken(byte[] json) {
        try {
            ObjectNode tree = (ObjectNode) OwnRequests.MAPPER.readTree(json);
            ((ObjectNode) tree.get("params")).set("progressToken", clientToken);
            return tree.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("the message was parsed before", e);
        }
    }
}
