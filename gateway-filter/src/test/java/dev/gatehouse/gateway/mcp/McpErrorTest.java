package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.upstream.UpstreamResponse;
import dev.gatehouse.core.upstream.UpstreamResponse.Failure;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class McpErrorTest {
    private static final JsonRpcId ID = JsonRpcId.of(7);

    private static McpError of(UpstreamResponse reply, boolean clientSession) {
        return McpError.ofUpstream(reply, ID, clientSession);
    }

    @Test
    void ofUpstreamWhenEachFailureThenItsStatusAndOutcome() {
        assertEquals(502, of(new UpstreamResponse.Failed(Failure.UNREACHABLE), false).status());
        assertEquals(502, of(new UpstreamResponse.Failed(Failure.INVALID_REPLY), false).status());
        assertEquals(504, of(new UpstreamResponse.Failed(Failure.TIMEOUT), false).status());
        assertEquals(Outcome.TIMEOUT, of(new UpstreamResponse.Failed(Failure.TIMEOUT), false).outcome());
        assertEquals(Outcome.UPSTREAM_ERROR, of(new UpstreamResponse.Failed(Failure.UNREACHABLE), false).outcome());
    }

    @Test
    void ofUpstreamWhen404OnTheClientsSessionThenSessionNotFound() {
        McpError e = of(new UpstreamResponse.Refused(404, "Session not found: x"), true);
        assertEquals(404, e.status());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}",
                new String(e.body(), StandardCharsets.UTF_8));
    }

    @Test
    void ofUpstreamWhenOtherRefusalThen502WithOnlyTheShortMessage() {
        McpError e = of(new UpstreamResponse.Refused(400, "Session ID required"), false);
        assertEquals(502, e.status());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32042,\"message\":"
                + "\"Upstream server refused the request (HTTP 400): Session ID required\"}}", new String(e.body(), StandardCharsets.UTF_8));
        assertEquals(502, of(new UpstreamResponse.Refused(404, null), false).status());
    }

    @Test
    void ofUpstreamWhenEmptyWhereAnAnswerWasDueThenInvalidReply() {
        assertEquals(502, of(new UpstreamResponse.Empty(202, null), false).status());
    }

    @Test
    void outcomeWhenRefusedBeforeForwardingThenRejected() {
        assertEquals(Outcome.REJECTED, McpError.unsupportedMediaType().outcome());
        assertEquals(Outcome.REJECTED, McpError.gatewayNotFound().outcome());
    }

    @Test
    void circuitOpenWhenRefusedThen503WithItsOwnCodeAndAnUpstreamErrorOutcome() {
        McpError e = McpError.circuitOpen(JsonRpcId.of(7));
        assertEquals(503, e.status());
        assertEquals(-32045, e.error().code());
        assertEquals(Outcome.UPSTREAM_ERROR, e.outcome());
        assertEquals(Outcome.ERROR, McpError.unavailable(JsonRpcId.of(7)).outcome()); // the database: not the upstream's
    }
}
