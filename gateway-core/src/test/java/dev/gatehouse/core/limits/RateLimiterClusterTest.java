package dev.gatehouse.core.limits;

import dev.gatehouse.core.SettableClock;
import dev.gatehouse.core.governance.TwoNodes;
import dev.gatehouse.core.jpa.JpaRateLeases;
import dev.gatehouse.core.model.TokenGrant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limits held across two nodes sharing one database, within the documented bounds. */
class RateLimiterClusterTest {
    private static final TokenGrant GRANT = new TokenGrant("Ab3dE6gH", "conn-1", "host-1", "CI bot", "quickstart", "alice");
    private static final TokenGrant OTHER_CONNECTION = new TokenGrant("Zz9yX8wV", "conn-2", "host-1", "CI bot",
            "quickstart", "alice");

    @AutoClose
    private final TwoNodes nodes = TwoNodes.withQuickstart();
    /**
     * 0.1 s into the current minute of the real clock: the nodes' own upkeep purges leases and holds that
     * expired by the real clock, so a clock far in the past would see its leases vanish under load.
     */
    private final SettableClock clock = new SettableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
            .plusMillis(100));
    private final AtomicInteger leaseTakes = new AtomicInteger();
    private RateLimiter a;
    private RateLimiter b;

    private void limit(NewRateLimit spec) {
        nodes.a.governance().limits().create(spec, "admin");
        a = new RateLimiter(new LimitBook(nodes.a.governance().limits(), clock, Duration.ofMinutes(5)),
                counting(new JpaRateLeases(nodes.txA)), "node-a", clock);
        b = new RateLimiter(new LimitBook(nodes.b.governance().limits(), clock, Duration.ofMinutes(5)),
                counting(new JpaRateLeases(nodes.txB)), "node-b", clock);
    }

    @Test
    void perMinuteWhenBothNodesHammerOneConnectionThenExactlyTheLimitInTheWindow() throws Exception {
        limit(new NewRateLimit("ci", "quickstart", LimitScope.CONNECTION, null, null, 50, null));

        int accepted = hammer(GRANT, 4, 60);

        assertEquals(50, accepted); // documented bound: at most the limit per window, cluster-wide
        assertTrue(leaseTakes.get() <= 50 / RateLimiter.batch(50) + 2 * 4 + 2,
                "quota is taken in batches, not per call: " + leaseTakes.get() + " takes for 480 calls");
        var refused = assertInstanceOf(Acquisition.Limited.class, a.tryAcquire(GRANT));
        assertEquals("per_minute", refused.bound());
        assertEquals("ci", refused.limitName());
        assertEquals(60, refused.retryAfterSeconds()); // the window started 0.1 s ago
        assertInstanceOf(Acquisition.Permit.class, a.tryAcquire(OTHER_CONNECTION)); // per connection

        clock.advance(Duration.ofMinutes(1));

        assertEquals(50, hammer(GRANT, 4, 60)); // a new window, a new quota
    }

    @Test
    void perHostWhenTwoConnectionsOnTwoNodesThenTheyShareTheHostsQuota() throws Exception {
        limit(new NewRateLimit("host", null, LimitScope.HOST, "host-1", 20, null, null));

        AtomicInteger accepted = new AtomicInteger();
        for (int i = 0; i < 30; i++) {
            if (a.tryAcquire(GRANT) instanceof Acquisition.Permit) {
                accepted.incrementAndGet();
            }
            if (b.tryAcquire(OTHER_CONNECTION) instanceof Acquisition.Permit) {
                accepted.incrementAndGet();
            }
        }

        assertEquals(20, accepted.get());
        var refused = assertInstanceOf(Acquisition.Limited.class, b.tryAcquire(GRANT));
        assertEquals("per_second", refused.bound());
        assertTrue(refused.retryAfter().compareTo(Duration.ofSeconds(1)) <= 0);
    }

    @Test
    void concurrentWhenSlotsHeldOnOneNodeThenTheOtherWaitsUntilTheyAreReturned() {
        limit(new NewRateLimit("two at once", "quickstart", LimitScope.CONNECTION, null, null, null, 2));

        var first = assertInstanceOf(Acquisition.Permit.class, a.tryAcquire(GRANT));
        var second = assertInstanceOf(Acquisition.Permit.class, b.tryAcquire(GRANT));
        var refused = assertInstanceOf(Acquisition.Limited.class, a.tryAcquire(GRANT));
        assertEquals("concurrent", refused.bound());
        assertInstanceOf(Acquisition.Limited.class, b.tryAcquire(GRANT));

        first.close();
        first.close(); // idempotent
        assertInstanceOf(Acquisition.Limited.class, b.tryAcquire(GRANT)); // node a keeps its free slot a moment
        var again = assertInstanceOf(Acquisition.Permit.class, a.tryAcquire(GRANT)); // ...and reuses it at once
        again.close();
        clock.advance(RateLimiter.LINGER);
        a.maintain(); // gives the idle slot back to the database

        var onB = assertInstanceOf(Acquisition.Permit.class, b.tryAcquire(GRANT));
        second.close();
        onB.close();
    }

    @Test
    void concurrentWhenANodeStopsRenewingThenItsSlotsAreFreedAfterTheHold() {
        limit(new NewRateLimit("one at once", null, LimitScope.HOST, null, null, null, 1));
        assertInstanceOf(Acquisition.Permit.class, a.tryAcquire(GRANT)); // node a then "dies" holding it

        assertInstanceOf(Acquisition.Limited.class, b.tryAcquire(GRANT));
        clock.advance(RateLimiter.HOLD.plusSeconds(1));

        assertInstanceOf(Acquisition.Permit.class, b.tryAcquire(GRANT));
    }

    @Test
    void tryAcquireWhenNoLimitAppliesThenPermitWithoutDatabase() {
        limit(new NewRateLimit("other gateway host", null, LimitScope.HOST, "host-9", 1, null, null));

        for (int i = 0; i < 100; i++) {
            assertInstanceOf(Acquisition.Permit.class, a.tryAcquire(GRANT));
        }
        assertEquals(0, leaseTakes.get());
    }

    private int hammer(TokenGrant grant, int threadsPerNode, int callsPerThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threadsPerNode * 2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threadsPerNode * 2; t++) {
                RateLimiter node = t % 2 == 0 ? a : b;
                Callable<Integer> calls = () -> {
                    int ok = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        if (node.tryAcquire(grant) instanceof Acquisition.Permit p) {
                            ok++;
                            p.close();
                        }
                    }
                    return ok;
                };
                results.add(pool.submit(calls));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private LeaseStore counting(LeaseStore real) {
        return new LeaseStore() {
            @Override
            public int takeWindow(String key, int want, int limit, Instant expires) {
                leaseTakes.incrementAndGet();
                return real.takeWindow(key, want, limit, expires);
            }

            @Override
            public int takeSlots(String bucket, String nodeId, int want, int limit, Instant now, Instant holdUntil) {
                leaseTakes.incrementAndGet();
                return real.takeSlots(bucket, nodeId, want, limit, now, holdUntil);
            }

            @Override
            public void returnSlots(String bucket, String nodeId, int count, Instant holdUntil) {
                real.returnSlots(bucket, nodeId, count, holdUntil);
            }

            @Override
            public void renewHolds(String nodeId, Instant holdUntil) {
                real.renewHolds(nodeId, holdUntil);
            }

            @Override
            public int purge(Instant now) {
                return real.purge(now);
            }
        };
    }
}
