package dev.gatehouse.core.jsonrpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads one JSON-RPC 2.0 message, once, into a {@link JsonRpcMessage}. Invalid JSON (including
 * duplicate member names and trailing content) is a parse error; valid JSON of the wrong shape, or a
 * batch (MCP 2025-06-18 removed batching), is an invalid request. The id is kept whenever it could be
 * read, so the error reply carries it back.
 */
public final class JsonRpcParser {
    private static final String VERSION = "2.0";

    private final ObjectMapper mapper = JsonMapper.builder()
            // a second "method" or "id" could make the gateway audit one call and the upstream run another
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    /** The outcome of parsing: a message, or the error to answer with. */
    public sealed interface Result {
        /** The body is one well-formed JSON-RPC message. */
        record Parsed(JsonRpcMessage message) implements Result {
            public Parsed {
                Objects.requireNonNull(message, "message");
            }
        }

        /** The body is not acceptable; answer {@code error} with {@code id}. */
        record Rejected(JsonRpcId id, JsonRpcError error) implements Result {
            public Rejected {
                Objects.requireNonNull(id, "id");
                Objects.requireNonNull(error, "error");
            }
        }
    }

    public Result parse(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) { // includes duplicate members, trailing content and Jackson's size limits
            return parseError();
        }
        if (root == null || root.isMissingNode()) {
            return parseError();
        }
        if (root.isArray()) {
            return invalid(JsonRpcId.NULL, "batch requests are not supported");
        }
        if (!root.isObject()) {
            return invalid(JsonRpcId.NULL, "a message must be a JSON object");
        }
        return message(root);
    }

    /**
     * The message if {@code json} is the response (result or error) to the request with this id; used
     * to find the answer among the events of an upstream stream.
     */
    public Optional<JsonRpcMessage> responseTo(JsonRpcId id, byte[] json) {
        if (parse(json) instanceof Result.Parsed p
                && (p.message() instanceof JsonRpcMessage.Response r && r.id().equals(id)
                || p.message() instanceof JsonRpcMessage.ErrorResponse e && e.id().equals(id))) {
            return Optional.of(p.message());
        }
        return Optional.empty();
    }

    private Result message(JsonNode root) {
        JsonNode idNode = root.path("id");
        JsonRpcId id = idOf(idNode);
        if (id == null) {
            return invalid(JsonRpcId.NULL, "'id' must be a string or an integer");
        }
        if (!VERSION.equals(root.path("jsonrpc").textValue())) {
            return invalid(id, "'jsonrpc' must be \"2.0\"");
        }
        if (root.has("method")) {
            return call(root, id, idNode.isMissingNode());
        }
        return response(root, id);
    }

    private Result call(JsonNode root, JsonRpcId id, boolean notification) {
        JsonNode method = root.get("method");
        if (!method.isTextual() || method.textValue().isEmpty()) {
            return invalid(id, "'method' must be a non-empty string");
        }
        JsonNode params = root.path("params");
        if (!params.isMissingNode() && !params.isObject() && !params.isArray()) {
            return invalid(id, "'params' must be an object or an array");
        }
        if (notification) {
            return new Result.Parsed(new JsonRpcMessage.Notification(method.textValue(), RawJson.of(params)));
        }
        if (id instanceof JsonRpcId.Null) {
            return invalid(id, "a request 'id' must not be null");
        }
        return new Result.Parsed(new JsonRpcMessage.Request(id, method.textValue(), RawJson.of(params)));
    }

    private Result response(JsonNode root, JsonRpcId id) {
        boolean hasResult = root.has("result");
        boolean hasError = root.has("error");
        if (hasResult == hasError) {
            return invalid(id, "a message needs a 'method', or exactly one of 'result' and 'error'");
        }
        if (root.path("id").isMissingNode()) {
            return invalid(id, "a response needs an 'id'");
        }
        if (hasResult) {
            if (id instanceof JsonRpcId.Null) {
                return invalid(id, "a result's 'id' must not be null");
            }
            return new Result.Parsed(new JsonRpcMessage.Response(id, RawJson.of(root.get("result"))));
        }
        JsonNode error = root.get("error");
        JsonNode code = error.path("code");
        JsonNode message = error.path("message");
        if (!code.canConvertToInt() || !code.isIntegralNumber() || !message.isTextual()) {
            return invalid(id, "'error' needs an integer 'code' and a string 'message'");
        }
        return new Result.Parsed(new JsonRpcMessage.ErrorResponse(id,
                new JsonRpcError(code.intValue(), message.textValue())));
    }

    /** The id, {@link JsonRpcId#NULL} when absent or null, or {@code null} when it has a forbidden type. */
    private static JsonRpcId idOf(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return JsonRpcId.NULL;
        }
        if (node.isTextual()) {
            return new JsonRpcId.Text(node.textValue());
        }
        if (node.isIntegralNumber()) {
            return new JsonRpcId.Numeric(node.bigIntegerValue());
        }
        return null;
    }

    private static Result parseError() {
        return new Result.Rejected(JsonRpcId.NULL, JsonRpcError.parseError());
    }

    private static Result invalid(JsonRpcId id, String detail) {
        return new Result.Rejected(id, JsonRpcError.invalidRequest(detail));
    }
}
