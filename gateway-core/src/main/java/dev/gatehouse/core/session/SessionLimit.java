package dev.gatehouse.core.session;

import java.time.Duration;
import java.util.Objects;

/**
 * How many live Gatehouse sessions one connection may hold, and when one of them counts as idle. A new
 * session at the cap ends the connection's least recently used session if that one is idle (nothing seen
 * for {@code idleAfter}); when even that one is in use, the new session is refused until it turns idle.
 * Without a cap, one token could fill the database with sessions that each live a day.
 *
 * @param maxPerConnection live (not ended) sessions of one connection, at most, counted across every node
 * @param idleAfter        how long a session must go unused before it may be evicted; at least twice the
 *                         one minute at which last-seen times are written
 */
public record SessionLimit(int maxPerConnection, Duration idleAfter) {
    /** Enough for every window and agent of one person or pipeline; far below a flood. */
    public static final int DEFAULT_MAX_PER_CONNECTION = 100;
    /** A session unused this long is evicted before a new one is refused. */
    public static final Duration DEFAULT_IDLE_AFTER = Duration.ofMinutes(5);
    /** The largest cap accepted: a cap beyond it would bound nothing. */
    public static final int MAX_PER_CONNECTION = 100_000;

    public SessionLimit {
        Objects.requireNonNull(idleAfter, "idleAfter");
        if (maxPerConnection < 1 || maxPerConnection > MAX_PER_CONNECTION) {
            throw new IllegalArgumentException("gatehouse max-sessions-per-connection must be from 1 to "
                    + MAX_PER_CONNECTION + ": " + maxPerConnection);
        }
        if (idleAfter.compareTo(Duration.ofMinutes(2)) < 0) {
            throw new IllegalArgumentException("a session's idle time before eviction must be at least 2 minutes");
        }
    }

    public static SessionLimit of(int maxPerConnection) {
        return new SessionLimit(maxPerConnection, DEFAULT_IDLE_AFTER);
    }
}
