package dev.gatehouse.core.limits;

import dev.gatehouse.core.model.TokenGrant;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The configured limits as this node knows them: read from the store at most once per {@code refresh}
 * (a change through this node applies at once), so a call costs no database read.
 */
public final class LimitBook {
    private final RateLimitStore store;
    private final Clock clock;
    private final long refreshMillis;
    private volatile List<RateLimit> limits;
    private volatile long loadedAt;
    private volatile boolean stale = true;

    public LimitBook(RateLimitStore store, Clock clock, Duration refresh) {
        this.store = store;
        this.clock = clock;
        this.refreshMillis = refresh.toMillis();
    }

    /** The limits that count calls made with {@code grant}. */
    public List<RateLimit> applicable(TokenGrant grant) {
        List<RateLimit> all = current();
        if (all.isEmpty()) {
            return List.of();
        }
        return all.stream().filter(l -> l.appliesTo(grant)).toList();
    }

    private List<RateLimit> current() {
        long now = clock.millis();
        List<RateLimit> l = limits;
        if (l == null || stale || now - loadedAt >= refreshMillis) {
            synchronized (this) {
                if (limits == null || stale || now - loadedAt >= refreshMillis) {
                    stale = false;
                    limits = List.copyOf(store.limits());
                    loadedAt = now;
                }
                l = limits;
            }
        }
        return l;
    }

    /** Makes the next call read the limits again (after a change through this node). */
    public void changed() {
        stale = true;
    }
}
