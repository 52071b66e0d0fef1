package dev.gatehouse.core.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per upstream server, so a flapping server is given a rest instead of every client
 * call waiting for its deadline: after {@code failureThreshold} failures in a row the circuit opens and
 * calls are refused at once (the gateway answers 503 with {@code Retry-After}); once {@code openFor} has
 * passed, one call is let through as a probe (half-open); its success closes the circuit, its failure
 * opens it again for another {@code openFor}. A probe that never reports (its client left) is replaced
 * after {@code openFor}. Failures are what the upstream did wrong (unreachable, deadline passed, 5xx,
 * not MCP); a JSON-RPC error or a tool's own error is an answer, hence a success.
 * <p>
 * Per node, in memory: each node learns an upstream's health from its own calls.
 */
public final class CircuitBreaker {
    /** Where a server's circuit stands. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    /**
     * @param failureThreshold failures in a row that open the circuit
     * @param openFor          how long an open circuit refuses calls before it lets a probe through
     */
    public record Settings(int failureThreshold, Duration openFor) {
        public Settings {
            Objects.requireNonNull(openFor, "openFor");
            if (failureThreshold < 1 || openFor.isNegative() || openFor.isZero()) {
                throw new IllegalArgumentException("a circuit breaker needs a threshold of at least 1 and a positive open time");
            }
        }

        public static Settings defaults() {
            return new Settings(5, Duration.ofSeconds(30));
        }
    }

    /** The answer to "may this call go upstream?". */
    public sealed interface Permit {
        /** Go ahead; {@code probe} when this call decides whether a half-open circuit closes. */
        record Allowed(boolean probe) implements Permit {
        }

        /** Refused without calling: answer 503 with {@code Retry-After: retryAfterSeconds}. */
        record Refused(long retryAfterSeconds) implements Permit {
        }
    }

    private record Circuit(State state, int failures, Instant until) {
        static final Circuit CLOSED = new Circuit(State.CLOSED, 0, null);
    }

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

    private final java.util.List<Consumer<String>> onOpen = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CircuitBreaker(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether a call to {@code serverId} may go upstream now. */
    public Permit acquire(String serverId) {
        Permit[] permit = new Permit[1];
        circuits.compute(serverId, (id, c) -> {
            Instant now = clock.instant();
            if (c == null || c.state() == State.CLOSED) {
                permit[0] = new Permit.Allowed(false);
                return c;
            }
            if (now.isBefore(c.until())) {
                permit[0] = new Permit.Refused(secondsUntil(now, c.until()));
                return c;
            }
            // open and rested, or a probe that never reported: let one call through, hold the others
            permit[0] = new Permit.Allowed(true);
            return new Circuit(State.HALF_OPEN, c.failures(), now.plus(settings.openFor()));
        });
        return permit[0];
    }

    /** The call got an answer from the server. */
    public void success(String serverId) {
        circuits.remove(serverId);
    }

    /** The call failed because of the server (unreachable, deadline, 5xx, not MCP). */
    public void failure(String serverId) {
        boolean[] opened = {false};
        circuits.compute(serverId, (id, c) -> {
            Circuit current = c == null ? Circuit.CLOSED : c;
            int failures = current.failures() + 1;
            boolean open = current.state() == State.HALF_OPEN || failures >= settings.failureThreshold();
            opened[0] = open && current.state() == State.CLOSED;
            return open ? new Circuit(State.OPEN, failures, clock.instant().plus(settings.openFor()))
                    : new Circuit(State.CLOSED, failures, null);
        });
        if (opened[0]) {
            for (Consumer<String> listener : onOpen) {
                try {
                    listener.accept(serverId);
                } catch (RuntimeException e) {
                    // a listener (alerts) never fails the call that opened the circuit
                }
            }
        }
    }

    /** Told the server id each time a closed circuit opens (not when a failed probe opens it again); must only queue. */
    public void onOpen(Consumer<String> listener) {
        onOpen.add(listener);
    }

    public State state(String serverId) {
        Circuit c = circuits.get(serverId);
        return c == null ? State.CLOSED : c.state();
    }

    private static long secondsUntil(Instant now, Instant until) {
        long millis = Duration.between(now, until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
