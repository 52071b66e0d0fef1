package dev.gatehouse.core.resilience;

import dev.gatehouse.core.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The per-upstream circuit breaker for flapping servers (docs/security-tests.md, "Upstream faults"). */
class CircuitBreakerTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker(new CircuitBreaker.Settings(3, Duration.ofSeconds(10)), clock);

    private void fail(String server, int times) {
        for (int i = 0; i < times; i++) {
            assertInstanceOf(CircuitBreaker.Permit.Allowed.class, breaker.acquire(server));
            breaker.failure(server);
        }
    }

    @Test
    void acquireWhenFewerFailuresThanTheThresholdThenStillClosed() {
        fail("a", 2);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state("a"));
        assertEquals(new CircuitBreaker.Permit.Allowed(false), breaker.acquire("a"));
    }

    @Test
    void acquireWhenASuccessComesBetweenFailuresThenTheCountStartsAgain() {
        fail("a", 2);
        breaker.success("a");
        fail("a", 2);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state("a"));
    }

    @Test
    void acquireWhenThresholdReachedThenRefusedWithRetryAfterCountingDown() {
        fail("a", 3);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state("a"));
        assertEquals(new CircuitBreaker.Permit.Refused(10), breaker.acquire("a"));
        clock.advance(Duration.ofMillis(7_500));
        assertEquals(new CircuitBreaker.Permit.Refused(3), breaker.acquire("a"));
    }

    @Test
    void acquireWhenOneServerIsOpenThenOthersAreUnaffected() {
        fail("a", 3);
        assertEquals(new CircuitBreaker.Permit.Allowed(false), breaker.acquire("b"));
    }

    @Test
    void acquireWhenRestedThenOneProbeWhileTheOthersWaitAndItsSuccessCloses() {
        fail("a", 3);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(new CircuitBreaker.Permit.Allowed(true), breaker.acquire("a"));
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state("a"));
        assertInstanceOf(CircuitBreaker.Permit.Refused.class, breaker.acquire("a"));
        breaker.success("a");
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state("a"));
        assertEquals(new CircuitBreaker.Permit.Allowed(false), breaker.acquire("a"));
    }

    @Test
    void failureWhenTheProbeFailsThenOpenAgainForAnotherPeriod() {
        fail("a", 3);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(new CircuitBreaker.Permit.Allowed(true), breaker.acquire("a"));
        breaker.failure("a");
        assertEquals(CircuitBreaker.State.OPEN, breaker.state("a"));
        assertEquals(new CircuitBreaker.Permit.Refused(10), breaker.acquire("a"));
    }

    @Test
    void acquireWhenAProbeNeverReportsThenAnotherIsLetThroughAfterThePeriod() {
        fail("a", 3);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(new CircuitBreaker.Permit.Allowed(true), breaker.acquire("a"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(new CircuitBreaker.Permit.Allowed(true), breaker.acquire("a"));
    }

    @Test
    void settingsWhenNonsenseThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker.Settings(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker.Settings(1, Duration.ZERO));
    }
}
