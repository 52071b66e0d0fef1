package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EndingTest {
    private static JsonRpcMessage message(String json) {
        return ((JsonRpcParser.Result.Parsed) new JsonRpcParser().parse(json.getBytes(StandardCharsets.UTF_8))).message();
    }

    @Test
    void answeredWhenResultThenSuccess() {
        Ending e = Ending.answered(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}"), 200, 5L, 10);
        assertEquals(Outcome.SUCCESS, e.outcome());
        assertNull(e.errorCode());
    }

    @Test
    void answeredWhenToolResultIsErrorThenError() {
        Ending e = Ending.answered(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"isError\":true}}"), 200, 5L, 10);
        assertEquals(Outcome.ERROR, e.outcome());
        assertNull(e.errorCode());
    }

    @Test
    void answeredWhenJsonRpcErrorThenErrorWithCode() {
        Ending e = Ending.answered(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"m\"}}"), 200, 5L, 10);
        assertEquals(Outcome.ERROR, e.outcome());
        assertEquals(-32602, e.errorCode());
    }
}
