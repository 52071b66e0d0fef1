package dev.gatehouse.core.oauth;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's limit on dynamic client registrations per client address: a fixed one-minute window
 * counted in memory. The table of addresses is dropped when the window turns, so it holds at most one
 * minute's distinct addresses. Per node, like the circuit breaker: behind N nodes an address gets at
 * most N times the limit, which is still a bound; the cap on unused registrations is the global one.
 */
final class RegistrationThrottle {
    private static final long WINDOW_MILLIS = 60_000;
    private final int perWindow;
    private final Clock clock;
    private volatile long window = Long.MIN_VALUE;
    private volatile ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    RegistrationThrottle(int perWindow, Clock clock) {
        this.perWindow = perWindow;
        this.clock = clock;
    }

    /** Counts one registration from {@code address}: 0 when allowed, else the seconds until the window turns. */
    long acquire(String address) {
        long nowMillis = clock.instant().toEpochMilli(); // not millis(): a sub-millisecond Clock.tick divides by zero there
        long current = Math.floorDiv(nowMillis, WINDOW_MILLIS);
        ConcurrentHashMap<String, AtomicInteger> table;
        synchronized (this) {
            if (current != window) {
                window = current;
                counts = new ConcurrentHashMap<>();
            }
            table = counts;
        }
        if (table.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet() <= perWindow) {
            return 0;
        }
        long untilNext = (current + 1) * WINDOW_MILLIS - nowMillis;
        return Math.max(1, (untilNext + 999) / 1000);
    }
}
