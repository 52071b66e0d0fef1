package dev.gatehouse.gateway;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.resilience.CircuitBreaker;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upstream circuit breaker on the gateway (docs/security-tests.md #82), with the real defaults: five
 * failures of a server in a row open its circuit for 30 s; while open, requests to it get 503 with
 * {@code Retry-After} at once and the server is not called; after the open time one probe goes through
 * and its success closes the circuit. A JSON-RPC error is an answer, not a failure. The harness's clock
 * is moved instead of waiting; each test has its own upstream server, so circuits are independent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CircuitBreakerGatewayTest {
    private static final int THRESHOLD = CircuitBreaker.Settings.defaults().failureThreshold();
    private static final Duration OPEN_FOR = CircuitBreaker.Settings.defaults().openFor();

    private GatewayHarness gw;
    private final List<FlappingUpstream> upstreams = new ArrayList<>();

    /** A gateway with one server in front of a fresh flapping upstream. */
    private record Setup(FlappingUpstream upstream, String slug, String token) {
    }

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayHarness(null, CircuitBreaker.Settings.defaults());
    }

    @AfterEach
    void resetClock() {
        gw.clock.reset();
    }

    @AfterAll
    void stop() throws Exception {
        for (FlappingUpstream u : upstreams) {
            u.close();
        }
        gw.close();
    }

    private Setup setup() throws Exception {
        FlappingUpstream upstream = new FlappingUpstream();
        upstreams.add(upstream);
        String slug = "flap-" + UUID.randomUUID().toString().substring(0, 8);
        UpstreamServer server = gw.gatehouse.catalog().createServer(new NewServer("Flapping " + slug, slug, upstream.url,
                null, null, null, Duration.ofSeconds(10)), "admin");
        gw.gatehouse.catalog().createGateway(new NewGateway("Gateway " + slug, slug, null,
                List.of(new NewGateway.Assignment(server.id(), null))), "admin");
        return new Setup(upstream, slug, gw.gatehouse.connections().connect(gw.host.id(), slug, null, "alice").token());
    }

    private HttpResponse<String> call(Setup s, String id) throws Exception {
        return McpHttp.post(gw.gatewayUrl(s.slug()), s.token(), "{\"jsonrpc\":\"2.0\",\"id\":\"" + id
                + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + FlappingUpstream.TOOL + "\",\"arguments\":{}}}",
                "Accept", "application/json");
    }

    private HttpResponse<String> list(Setup s) throws Exception {
        return McpHttp.post(gw.gatewayUrl(s.slug()), s.token(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "Accept", "application/json");
    }

    /** Fails the server's calls until its circuit opens; each failure is an ordinary 502. */
    private void open(Setup s) throws Exception {
        s.upstream().mode = FlappingUpstream.Mode.FAILING;
        for (int i = 0; i < THRESHOLD; i++) {
            assertEquals(502, call(s, "fail-" + i).statusCode());
        }
    }

    @Test
    void toolsCallWhenServerFailedFiveTimesInARowThen503WithRetryAfterAndTheServerIsNotCalled() throws Exception {
        Setup s = setup();
        open(s);
        assertEquals(THRESHOLD, s.upstream().calls.get());

        String id = "refused-" + UUID.randomUUID();
        HttpResponse<String> r = call(s, id);
        assertEquals(503, r.statusCode(), r.body());
        assertEquals(String.valueOf(OPEN_FOR.toSeconds()), r.headers().firstValue("Retry-After").orElse(null));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"error\":{\"code\":-32045,\"message\":\"Upstream server is"
                + " failing; not called while its circuit is open (server 'Flapping " + s.slug() + "')\"}}", r.body());
        assertEquals(THRESHOLD, s.upstream().calls.get(), "the server was called while its circuit was open");

        AuditEvent e = gw.completed(id);
        assertEquals(Outcome.UPSTREAM_ERROR, e.outcome());
        assertEquals(503, e.httpStatus());
        assertEquals(-32045, e.errorCode());
        // the root cause in Gatehouse's words, the circuit state besides it (catalogue 619)
        assertEquals("circuit open after: the server answered HTTP 500", e.detail());
        assertEquals("the server answered HTTP 500", gw.completed("fail-0").detail());
    }

    /**
     * A server nothing listens for: each failed call's record says why ("unreachable: connection refused"), and
     * the calls its open circuit refuses say so after "circuit open"; no URL, host, exception or stack trace
     * (catalogue 620). The server's "last error" on the console is this detail.
     */
    @Test
    void toolsCallWhenTheServerRefusesConnectionsThenEachRecordSaysSoInGatehousesWords() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String slug = "refusing-" + UUID.randomUUID().toString().substring(0, 8);
        UpstreamServer server = gw.gatehouse.catalog().createServer(new NewServer("Refusing " + slug, slug,
                "http://127.0.0.1:" + closedPort + "/mcp", null, null, null, Duration.ofSeconds(10)), "admin");
        gw.gatehouse.catalog().createGateway(new NewGateway("Gateway " + slug, slug, null,
                List.of(new NewGateway.Assignment(server.id(), null))), "admin");
        Setup s = new Setup(null, slug, gw.gatehouse.connections().connect(gw.host.id(), slug, null, "alice").token());
        for (int i = 0; i <= THRESHOLD; i++) {
            call(s, "refused-" + slug + "-" + i);
        }

        AuditEvent first = gw.completed("refused-" + slug + "-0");
        assertEquals(Outcome.UPSTREAM_ERROR, first.outcome());
        assertEquals("unreachable: connection refused", first.detail());
        AuditEvent afterOpen = gw.completed("refused-" + slug + "-" + THRESHOLD);
        assertEquals(503, afterOpen.httpStatus());
        assertEquals("circuit open after: unreachable: connection refused", afterOpen.detail());
    }

    @Test
    void toolsCallWhenOpenTimeHasPassedThenOneProbeGoesThroughAndItsSuccessClosesTheCircuit() throws Exception {
        Setup s = setup();
        open(s);
        s.upstream().mode = FlappingUpstream.Mode.HEALTHY;
        gw.clock.advance(OPEN_FOR.plusSeconds(1));

        HttpResponse<String> probe = call(s, "probe");
        assertEquals(200, probe.statusCode(), probe.body());
        assertTrue(probe.body().contains("\"done\""), probe.body());
        assertEquals(THRESHOLD + 1, s.upstream().calls.get());
        for (int i = 0; i < THRESHOLD + 1; i++) {
            assertEquals(200, call(s, "after-" + i).statusCode()); // closed: every call goes through again
        }
        assertEquals(2 * THRESHOLD + 2, s.upstream().calls.get());
    }

    @Test
    void toolsCallWhenTheProbeFailsThenTheCircuitOpensAgainForAnotherOpenTime() throws Exception {
        Setup s = setup();
        open(s);
        gw.clock.advance(OPEN_FOR.plusSeconds(1));
        assertEquals(502, call(s, "probe").statusCode()); // still failing: one failure is enough now

        HttpResponse<String> r = call(s, "refused");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals(String.valueOf(OPEN_FOR.toSeconds()), r.headers().firstValue("Retry-After").orElse(null));
        assertEquals(THRESHOLD + 1, s.upstream().calls.get());
    }

    @Test
    void toolsCallWhenServerAnswersJsonRpcErrorsThenTheCircuitStaysClosed() throws Exception {
        Setup s = setup();
        s.upstream().mode = FlappingUpstream.Mode.JSON_RPC_ERROR;
        for (int i = 0; i < 2 * THRESHOLD; i++) {
            HttpResponse<String> r = call(s, "error-" + i);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"code\":-32602"), r.body());
        }
        assertEquals(2 * THRESHOLD, s.upstream().calls.get(), "every call reached the server");
    }

    @Test
    void toolsListWhenTheOnlyServersCircuitIsOpenThen503WithRetryAfterWithoutAskingIt() throws Exception {
        Setup s = setup();
        s.upstream().listsFail = true;
        for (int i = 0; i < THRESHOLD; i++) {
            assertEquals(502, list(s).statusCode());
        }
        int asked = s.upstream().lists.get();

        HttpResponse<String> r = list(s);
        assertEquals(503, r.statusCode(), r.body());
        assertEquals(String.valueOf(OPEN_FOR.toSeconds()), r.headers().firstValue("Retry-After").orElse(null));
        assertTrue(r.body().contains("\"code\":-32045"), r.body());
        assertEquals(asked, s.upstream().lists.get(), "the server was asked while its circuit was open");
    }
}
