package dev.gatehouse.core.jsonrpc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonRpcWriterTest {
    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void errorWhenStringIdThenIdQuotedAndMessageEscaped() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"1\",\"error\":{\"code\":-32600,\"message\":\"say \\\"no\\\"\"}}",
                text(JsonRpcWriter.error(JsonRpcId.of("a\"1"), new JsonRpcError(-32600, "say \"no\""))));
    }

    @Test
    void errorWhenNullIdThenJsonNull() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}",
                text(JsonRpcWriter.error(JsonRpcId.NULL, JsonRpcError.parseError())));
    }

    @Test
    void requestWhenParamsThenParsesBackToTheSameRequest() {
        byte[] b = JsonRpcWriter.request(JsonRpcId.of("g-1"), "initialize", Map.of("protocolVersion", "2025-06-18"));
        var parsed = (JsonRpcParser.Result.Parsed) new JsonRpcParser().parse(b);
        var request = (JsonRpcMessage.Request) parsed.message();
        assertEquals("initialize", request.method());
        assertEquals("2025-06-18", request.params().text("protocolVersion").orElseThrow());
    }

    @Test
    void notificationWhenWrittenThenHasNoId() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                text(JsonRpcWriter.notification("notifications/initialized")));
    }
}
