package dev.gatehouse.core.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes the JSON-RPC messages the gateway itself produces: error replies (always with the request's
 * id, as read) and the requests of the gateway's own upstream sessions.
 */
public final class JsonRpcWriter {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private JsonRpcWriter() {
    }

    /** {@code {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":"…"}}} */
    public static byte[] error(JsonRpcId id, JsonRpcError error) {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":" + id.json() + ",\"error\":{\"code\":" + error.code()
                + ",\"message\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(error.message()))
                + "\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"jsonrpc":"2.0","id":…,"result":…}}: a result as read, under another id. */
    public static byte[] result(JsonRpcId id, RawJson result) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":" + id.json() + ",\"result\":" + result.json() + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A request whose params are plain maps, lists and scalars. */
    public static byte[] request(JsonRpcId id, String method, Map<String, ?> params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":%s,\"params\":%s}"
                .formatted(id.json(), quote(method), json(params)).getBytes(StandardCharsets.UTF_8);
    }

    /** A notification without params. */
    public static byte[] notification(String method) {
        return ("{\"jsonrpc\":\"2.0\",\"method\":" + quote(method) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("params must be plain JSON values", e);
        }
    }
}
