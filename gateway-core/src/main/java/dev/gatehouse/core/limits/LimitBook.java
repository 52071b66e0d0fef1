package dev.gatehouse.core.limits;

import dev.gatehouse.core.model.TokenGrant;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The configured limits as this node knows them: read from the store at most once per {@code refresh}
 * (a change through this node applies at once), so a call costs no database read. If the database cannot
 * be read, the limits read last stay in force.
 */
public final class LimitBook {
    private static final System.Logger LOG = System.getLogger(LimitBook.class.getName());
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
                    try {
                        limits = List.copyOf(store.limits());
                        stale = false;
                    } catch (RuntimeException e) {
                        if (limits == null) {
                            throw e; // never read: the caller refuses the call (fail closed)
                        }
                        // the database is unavailable: keep enforcing what was read last, and try again later
                        LOG.log(System.Logger.Level.WARNING, "rate limits could not be read, enforcing the ones read"
                                + " last: " + e);
                    }
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
