package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.limits.Acquisition;
import dev.gatehouse.core.limits.RateLimiter;
import dev.gatehouse.core.model.TokenGrant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Editing a rate limit ({@code PUT /api/limits/{id}}) and reading each limit's current usage, with quota taken
 * by the node's real rate limiter (the gateway's call path asks it once per {@code tools/call}) from the
 * database's leases: the figures are the busiest connection's take of each bound, and a lowered bound refuses
 * the next call at once, even where the node still holds quota taken under the old bound.
 */
class LimitEditTest {
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void limitWhenCallsTakeQuotaThenItsUsageShowsAndALoweredBoundRefusesTheNextCall() throws Exception {
        awaitMinuteWithRoom();
        JsonNode limit = assertJson(201, server.post("admin", "/api/limits",
                "{\"name\":\"agents\",\"scope\":\"connection\",\"perMinute\":100}"));
        String id = limit.get("id").asText();
        assertEquals(0, limit.at("/usage/perMinute").asInt());
        RateLimiter limiter = server.gatehouse().governance().limiter();
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Acquisition.Permit.class, limiter.tryAcquire(grant("conn-a"))).close();
        }
        assertInstanceOf(Acquisition.Permit.class, limiter.tryAcquire(grant("conn-b"))).close();

        JsonNode usage = assertJson(200, server.get("auditor", "/api/limits/" + id)).get("usage");
        assertEquals(10, usage.get("perMinute").asInt(), usage.toString()); // the busiest take: one batch, a tenth of 100
        assertEquals(2, usage.get("subjects").asInt());
        assertTrue(usage.get("perSecond").isNull() && usage.get("concurrent").isNull(), usage.toString());

        JsonNode edited = assertJson(200, server.put("admin", "/api/limits/" + id,
                "{\"name\":\"agents (tight)\",\"scope\":\"connection\",\"perMinute\":3,\"concurrent\":5}"));

        assertEquals("agents (tight)", edited.get("name").asText());
        assertEquals(3, edited.get("perMinute").asInt());
        assertEquals(10, edited.at("/usage/perMinute").asInt(), edited.toString()); // the window's take still counts
        // conn-a made 3 calls: at the lowered bound at once, though the node holds 7 units of its batch unspent
        assertInstanceOf(Acquisition.Limited.class, limiter.tryAcquire(grant("conn-a")), "at its lowered bound");
        Acquisition.Permit held = assertInstanceOf(Acquisition.Permit.class, limiter.tryAcquire(grant("conn-b")));
        try {
            JsonNode listed = null;
            for (JsonNode l : assertJson(200, server.get("auditor", "/api/limits"))) {
                listed = id.equals(l.get("id").asText()) ? l : listed;
            }
            assertEquals(1, listed.at("/usage/concurrent").asInt(), listed.toString());
        } finally {
            held.close();
        }
        assertEquals("limit.updated: 'agents (tight)' (" + id + ")", server.audit(5).stream()
                .filter(e -> e.detail() != null && e.detail().startsWith("limit.updated")).findFirst().orElseThrow().detail());
    }

    @Test
    void editWhenInvalidUnknownOrNotAllowedThenRefusedAndUnchanged() {
        JsonNode limit = assertJson(201, server.post("admin", "/api/limits",
                "{\"name\":\"kept\",\"scope\":\"host\",\"perSecond\":4}"));
        String path = "/api/limits/" + limit.get("id").asText();

        assertProblem(400, "'perSecond' must be between 1 and 1000000", server.put("admin", path,
                "{\"name\":\"kept\",\"scope\":\"host\",\"perSecond\":0}"));
        assertProblem(400, "a limit needs at least one of 'perSecond', 'perMinute' and 'concurrent'", server.put("admin", path,
                "{\"name\":\"kept\",\"scope\":\"host\"}"));
        assertProblem(400, "'gateway' names no gateway", server.put("admin", path,
                "{\"name\":\"kept\",\"scope\":\"host\",\"perSecond\":4,\"gateway\":\"nowhere\"}"));
        assertProblem(404, "no such limit", server.put("admin", "/api/limits/no-such-limit",
                "{\"name\":\"x\",\"scope\":\"host\",\"perSecond\":4}"));
        assertProblem(403, server.put("auditor", path, "{\"name\":\"x\",\"scope\":\"host\",\"perSecond\":1}"));

        JsonNode after = assertJson(200, server.get("auditor", path));
        assertEquals("kept", after.get("name").asText());
        assertEquals(4, after.get("perSecond").asInt());
    }

    private static TokenGrant grant(String connection) {
        return new TokenGrant("pub" + connection, connection, "host-" + connection, "Host " + connection, "quickstart",
                "admin", null);
    }

    /** Waits (bounded) until the current minute has at least 20 seconds left, so one window holds the test's takes. */
    private static void awaitMinuteWithRoom() throws InterruptedException {
        long deadline = System.nanoTime() + 45_000_000_000L;
        while (Instant.now().getEpochSecond() % 60 > 40) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the clock did not reach a new minute");
            }
            Thread.sleep(100);
        }
    }
}
