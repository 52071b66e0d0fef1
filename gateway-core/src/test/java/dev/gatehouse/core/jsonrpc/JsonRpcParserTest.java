package dev.gatehouse.core.jsonrpc;

import dev.gatehouse.core.jsonrpc.JsonRpcParser.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonRpcParserTest {
    private final JsonRpcParser parser = new JsonRpcParser();

    private Result parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private JsonRpcMessage message(String json) {
        return assertInstanceOf(Result.Parsed.class, parse(json)).message();
    }

    private Result.Rejected rejected(String json) {
        return assertInstanceOf(Result.Rejected.class, parse(json));
    }

    @Test
    void parseWhenToolsCallThenRequestWithToolNameAndNumericId() {
        var r = assertInstanceOf(JsonRpcMessage.Request.class, message(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{}}}"));
        assertEquals(new JsonRpcId.Numeric(BigInteger.valueOf(7)), r.id());
        assertEquals("tools/call", r.method());
        assertEquals("echo", r.params().text("name").orElseThrow());
    }

    @Test
    void parseWhenStringIdThenIdKeptExactly() {
        var r = assertInstanceOf(JsonRpcMessage.Request.class,
                message("{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\",\"method\":\"ping\"}"));
        assertEquals("a\"b", r.id().text());
        assertEquals("\"a\\\"b\"", r.id().json());
    }

    @Test
    void parseWhenHugeIntegerIdThenKeptWithoutLoss() {
        var r = assertInstanceOf(JsonRpcMessage.Request.class,
                message("{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,\"method\":\"ping\"}"));
        assertEquals("123456789012345678901234567890", r.id().json());
    }

    @Test
    void parseWhenNoIdThenNotification() {
        var n = assertInstanceOf(JsonRpcMessage.Notification.class,
                message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertEquals("notifications/initialized", n.method());
        assertFalse(n.params().present());
    }

    @Test
    void parseWhenResultThenResponseAndIsErrorReadable() {
        var r = assertInstanceOf(JsonRpcMessage.Response.class,
                message("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{\"isError\":true,\"content\":[]}}"));
        assertTrue(r.result().isTrue("isError"));
    }

    @Test
    void parseWhenErrorThenErrorResponseWithCode() {
        var e = assertInstanceOf(JsonRpcMessage.ErrorResponse.class,
                message("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32602,\"message\":\"bad\"}}"));
        assertEquals(new JsonRpcError(-32602, "bad"), e.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} x", "nul",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/call\"}"})
    void parseWhenInvalidJsonOrDuplicateKeyThenParseErrorWithNullId(String json) {
        var r = rejected(json);
        assertEquals(JsonRpcId.NULL, r.id());
        assertEquals(JsonRpcError.PARSE_ERROR, r.error().code());
    }

    @Test
    void parseWhenBatchThenInvalidRequest() {
        var r = rejected("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
        assertEquals(JsonRpcError.INVALID_REQUEST, r.error().code());
        assertEquals("Invalid Request: batch requests are not supported", r.error().message());
    }

    @Test
    void parseWhenWrongVersionThenInvalidRequestKeepingTheId() {
        var r = rejected("{\"jsonrpc\":\"1.0\",\"id\":\"k\",\"method\":\"ping\"}");
        assertEquals(JsonRpcId.of("k"), r.id());
        assertEquals(JsonRpcError.INVALID_REQUEST, r.error().code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":3}",
            "{\"jsonrpc\":\"2.0\",\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1,\"message\":\"m\"}}",
            "42"})
    void parseWhenWrongShapeThenInvalidRequest(String json) {
        assertEquals(JsonRpcError.INVALID_REQUEST, rejected(json).error().code());
    }

    @Test
    void responseToWhenIdsDifferInTypeThenNoMatch() {
        byte[] reply = "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{}}".getBytes(StandardCharsets.UTF_8);
        assertTrue(parser.responseTo(JsonRpcId.of(1), reply).isEmpty());
        assertTrue(parser.responseTo(JsonRpcId.of("1"), reply).isPresent());
    }
}
