package dev.gatehouse.gateway;

import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.session.SessionLimit;
import dev.gatehouse.core.store.NewHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live sessions per connection are capped (docs/security-tests.md, row 210), here at 3
 * ({@code max-sessions-per-connection}), counted in the database both nodes share: at the cap, the least
 * recently used session is evicted when it has been idle for {@link SessionLimit#DEFAULT_IDLE_AFTER} (its
 * upstream session closed, its id then 404); when none is idle the answer is {@code 429} with
 * {@code Retry-After} and JSON-RPC {@code -32047}, and nothing is stored. The clock is moved, not waited for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionLimitTest {
    private static final int CAP = 3;
    private GatewayHarness gw;
    private Host host;

    @BeforeAll
    void start() throws Exception {
        gw = GatewayHarness.withSessionLimit(CAP);
        host = gw.gatehouse.hosts().createHost(new NewHost("Session flood", HostKind.TOKEN, "tests"), "admin");
    }

    @AfterEach
    void resetClock() {
        gw.clock.reset();
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    /** A connection of its own per test, so the sessions of one test never count against another. */
    private IssuedConnection connection() {
        return gw.gatehouse.connections().connect(host.id(), "quickstart", null, "alice");
    }

    private static HttpResponse<String> initialize(String baseUrl, String token) throws Exception {
        return McpHttp.post(baseUrl + "/gatehouse/mcp/quickstart", token, "{\"jsonrpc\":\"2.0\",\"id\":\"open\","
                + "\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"flood\",\"version\":\"1\"}}}");
    }

    private String open(String token) throws Exception {
        HttpResponse<String> r = initialize(gw.baseUrl, token);
        assertEquals(200, r.statusCode(), r.body());
        return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private HttpResponse<String> echo(String token, String session, String message) throws Exception {
        return McpHttp.post(gw.gatewayUrl("quickstart"), token, "{\"jsonrpc\":\"2.0\",\"id\":\"e\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"" + message + "\"}}}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
    }

    private long liveSessions(String connectionId) {
        return gw.gatehouse.inTransaction(em -> em.createQuery("select count(s) from McpSessionEntity s"
                + " where s.connectionId = :c and s.endedAt is null", Long.class).setParameter("c", connectionId)
                .getSingleResult());
    }

    @Test
    void initializeWhenTheCapIsReachedAndNoSessionIsIdleThen429WithRetryAfterAndTheLiveSessionsKeepWorking() throws Exception {
        IssuedConnection c = connection();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            sessions.add(open(c.token()));
        }
        HttpResponse<String> refused = initialize(gw.baseUrl, c.token());

        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":\"open\",\"error\":{\"code\":-32047,"
                + "\"message\":\"Too many sessions: this connection already holds 3 live sessions"), refused.body());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= SessionLimit.DEFAULT_IDLE_AFTER.toSeconds(), "Retry-After " + retryAfter);
        assertFalse(refused.headers().firstValue("Mcp-Session-Id").isPresent());
        assertEquals(CAP, liveSessions(c.connection().id()));
        for (String s : sessions) {
            assertEquals(200, echo(c.token(), s, "still here").statusCode());
        }
        assertEquals(200, initialize(gw.baseUrl, gw.quickstartPeerToken).statusCode(), "the cap is per connection");
    }

    @Test
    void initializeWhenTheCapIsReachedAndTheLeastRecentlyUsedIsIdleThenItIsEvictedWithItsUpstreamSession() throws Exception {
        IssuedConnection c = connection();
        String oldest = open(c.token());
        assertEquals(200, echo(c.token(), oldest, "evict-me").statusCode());
        String upstreamSession = gw.upstream.seen.stream().filter(s -> s.body().contains("evict-me"))
                .map(s -> s.header("Mcp-Session-Id")).findFirst().orElseThrow();
        String second = open(c.token());
        String third = open(c.token());
        gw.clock.advance(SessionLimit.DEFAULT_IDLE_AFTER.plusMinutes(1));
        assertEquals(200, echo(c.token(), second, "in use").statusCode()); // seen now: no longer idle
        assertEquals(200, echo(c.token(), third, "in use").statusCode());

        String fourth = open(c.token());

        assertEquals(404, echo(c.token(), oldest, "gone").statusCode(), "the evicted session ends on every node");
        for (String s : List.of(second, third, fourth)) {
            assertEquals(200, echo(c.token(), s, "kept").statusCode());
        }
        assertEquals(CAP, liveSessions(c.connection().id()));
        awaitUpstreamDelete(upstreamSession);
        assertEquals(429, initialize(gw.baseUrl, c.token()).statusCode(), "the rest were in use");
    }

    private void awaitUpstreamDelete(String upstreamSession) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (gw.upstream.seen.stream().noneMatch(s -> s.method().equals("DELETE")
                && upstreamSession.equals(s.header("Mcp-Session-Id")))) {
            assertTrue(System.nanoTime() < deadline, "the evicted session's upstream session was not ended");
            Thread.sleep(20);
        }
    }

    @Test
    void initializeWhenAFloodArrivesThroughTwoNodesAtOnceThenExactlyTheCapIsOpenedAndTheRestGet429() throws Exception {
        IssuedConnection c = connection();
        String nodeB = gw.startSecondNode();
        int flood = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                String base = i % 2 == 0 ? gw.baseUrl : nodeB;
                answers.add(pool.submit((Callable<Integer>) () -> initialize(base, c.token()).statusCode()));
            }
            int opened = 0;
            int refused = 0;
            for (Future<Integer> a : answers) {
                int status = a.get(60, TimeUnit.SECONDS);
                opened += status == 200 ? 1 : 0;
                refused += status == 429 ? 1 : 0;
            }
            assertEquals(CAP, opened);
            assertEquals(flood - CAP, refused);
            assertEquals(CAP, liveSessions(c.connection().id()));
        } finally {
            pool.shutdownNow();
        }
    }
}
