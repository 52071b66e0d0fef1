package dev.gatehouse.core.limits;

import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.text.LogText;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Enforces the rate limits of each call across a cluster without a database write per call: for each
 * bucket (a limit's bound for one connection or host) a node takes quota from the database in small
 * batches ({@link LeaseStore}) and spends it locally.
 * <p>
 * Bounds: calls per second and per minute count in fixed windows aligned to the clock; the database
 * never hands out more than the limit per window, so the cluster admits at most the limit in each
 * window, exactly, however many nodes there are. Because windows are fixed, any interval of one
 * window's length that straddles a boundary can see up to twice the limit. Quota a node took but did
 * not spend is lost for the window (at most {@code nodes × (batch − 1)} calls too few). Concurrent
 * calls: slots are held per node and returned after {@link #LINGER} idle; the cluster never holds more
 * than the limit while nodes renew their holds (every {@link #HEARTBEAT}); a node silent for longer than
 * {@link #HOLD} is presumed dead and its slots are counted free. If the database cannot be reached, each
 * node enforces every limit alone, window by window (the cluster may then admit up to {@code nodes ×} the
 * limit per window), with the limits it last read ({@link LimitBook}); calls then usually fail anyway, since
 * their audit records cannot be written.
 */
public final class RateLimiter {
    public static final Duration LINGER = Duration.ofSeconds(1);
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    public static final Duration HOLD = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(RateLimiter.class.getName());
    private static final int MAX_BATCH = 100;

    private final LimitBook book;
    private final LeaseStore leases;
    private final String nodeId;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Slots> slots = new ConcurrentHashMap<>();

    public RateLimiter(LimitBook book, LeaseStore leases, String nodeId, Clock clock) {
        this.book = book;
        this.leases = leases;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /** The quota a node takes at once for a bound of {@code limit}: a tenth, 1 to 100. */
    static int batch(int limit) {
        return Math.max(1, Math.min(MAX_BATCH, (limit + 9) / 10));
    }

    /** A permit for one call made with {@code grant}, or the first limit that refuses it. */
    public Acquisition tryAcquire(TokenGrant grant) {
        List<RateLimit> applicable = book.applicable(grant);
        if (applicable.isEmpty()) {
            return NO_LIMITS;
        }
        List<Slots> held = new ArrayList<>(2);
        long now = clock.millis();
        for (RateLimit limit : applicable) {
            String bucket = limit.id() + "|" + limit.subject(grant);
            Acquisition.Limited refused = windows(limit, bucket, now);
            if (refused == null && limit.concurrent() != null) {
                Slots s = slots.computeIfAbsent(bucket, Slots::new);
                if (s.take(limit.concurrent(), now)) {
                    held.add(s);
                } else {
                    refused = new Acquisition.Limited(limit.id(), limit.name(), "concurrent", LINGER);
                }
            }
            if (refused != null) {
                held.forEach(s -> s.give(clock.millis()));
                return refused;
            }
        }
        return held.isEmpty() ? NO_LIMITS : new HeldSlots(held);
    }

    private Acquisition.Limited windows(RateLimit limit, String bucket, long now) {
        if (limit.perSecond() != null) {
            long wait = windows.computeIfAbsent(bucket + "|s", Window::new).take(limit.perSecond(), 1000, now);
            if (wait > 0) {
                return new Acquisition.Limited(limit.id(), limit.name(), "per_second", Duration.ofMillis(wait));
            }
        }
        if (limit.perMinute() != null) {
            long wait = windows.computeIfAbsent(bucket + "|m", Window::new).take(limit.perMinute(), 60_000, now);
            if (wait > 0) {
                if (limit.perSecond() != null) {
                    windows.get(bucket + "|s").giveBack(now);
                }
                return new Acquisition.Limited(limit.id(), limit.name(), "per_minute", Duration.ofMillis(wait));
            }
        }
        return null;
    }

    /**
     * Background upkeep, every second or so: gives back concurrency slots idle for {@link #LINGER},
     * renews this node's holds every {@link #HEARTBEAT}, and forgets counters of past windows.
     */
    public void maintain() {
        long now = clock.millis();
        slots.values().forEach(s -> s.returnIdle(now));
        windows.values().removeIf(w -> w.expired(now));
        if (now - lastHeartbeat >= HEARTBEAT.toMillis()) {
            lastHeartbeat = now;
            try {
                leases.renewHolds(nodeId, Instant.ofEpochMilli(now).plus(HOLD));
                leases.purge(Instant.ofEpochMilli(now));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rate limit holds could not be renewed: " + LogText.cause(e), e);
            }
        }
    }

    private volatile long lastHeartbeat;

    private static final Acquisition.Permit NO_LIMITS = () -> { };

    /** The permit of a call that holds concurrency slots. */
    private final class HeldSlots implements Acquisition.Permit {
        private final List<Slots> held;
        private final AtomicBoolean closed = new AtomicBoolean();

        HeldSlots(List<Slots> held) {
            this.held = held;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                long now = clock.millis();
                held.forEach(s -> s.give(now));
            }
        }
    }

    /** This node's share of one bucket's current window. */
    private final class Window {
        private final String bucket;
        private long start = -1;
        private long length;
        private int remaining;
        private boolean exhausted;

        Window(String bucket) {
            this.bucket = bucket;
        }

        /** 0 when a unit was taken; otherwise milliseconds until the window ends. */
        synchronized long take(int limit, long windowMillis, long now) {
            long current = now - Math.floorMod(now, windowMillis);
            if (current != start) {
                start = current;
                length = windowMillis;
                remaining = 0;
                exhausted = false;
                taken = 0; // a new window: nothing taken in it yet, from the database or locally
            }
            if (remaining > 0 && taken - remaining < limit) { // a bound lowered mid-window caps what this node spends
                remaining--;
                return 0;
            }
            if (!exhausted && taken - remaining < limit) {
                int got = lease(limit, current + windowMillis);
                if (got > 0) {
                    remaining = got - 1;
                    return 0;
                }
                exhausted = true; // no more database round trips in this window
            }
            return current + windowMillis - now;
        }

        /** Returns a unit taken in the current window (the call was refused by another bound). */
        synchronized void giveBack(long now) {
            if (now >= start && now < start + length) {
                remaining++;
            }
        }

        synchronized boolean expired(long now) {
            return start >= 0 && now >= start + length + length;
        }

        private int lease(int limit, long end) {
            try {
                int got = leases.takeWindow(bucket + "|" + start, batch(limit), limit,
                        Instant.ofEpochMilli(end).plus(Duration.ofMinutes(1)));
                taken += got;
                return got;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rate limit quota of " + bucket + " unavailable, enforcing"
                        + " locally for this window: " + LogText.cause(e));
                LOG.log(System.Logger.Level.DEBUG, "rate limit quota unavailable", e);
                return localFallback(limit);
            }
        }

        /** Units this node took in the current window, from the database or alone. */
        private int taken;

        private int localFallback(int limit) {
            // alone: this node admits the whole limit per window, less what it already took in it (class comment)
            int left = Math.max(0, limit - taken);
            taken += left;
            return left;
        }
    }

    /** This node's concurrency slots of one bucket: taken from the database in batches, lingering when idle. */
    private final class Slots {
        private final String bucket;
        private int free;
        private int inUse;
        private long idleSince;

        Slots(String bucket) {
            this.bucket = bucket;
        }

        synchronized boolean take(int limit, long now) {
            if (inUse >= limit) {
                return false; // a bound lowered while this node holds slots taken under the old one
            }
            if (free == 0) {
                int got;
                try {
                    got = leases.takeSlots(bucket, nodeId, batch(limit), limit, Instant.ofEpochMilli(now),
                            Instant.ofEpochMilli(now).plus(HOLD));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "concurrency slots unavailable, enforcing locally: "
                            + LogText.cause(e));
                    LOG.log(System.Logger.Level.DEBUG, "concurrency slots unavailable", e);
                    got = Math.max(0, limit - inUse);
                }
                if (got == 0) {
                    return false;
                }
                free = got;
            }
            free--;
            inUse++;
            return true;
        }

        synchronized void give(long now) {
            inUse--;
            free++;
            idleSince = now;
        }

        synchronized void returnIdle(long now) {
            if (free > 0 && now - idleSince >= LINGER.toMillis()) {
                try {
                    leases.returnSlots(bucket, nodeId, free, Instant.ofEpochMilli(now).plus(HOLD));
                    free = 0;
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "concurrency slots could not be returned: "
                            + LogText.cause(e), e);
                }
            }
        }
    }
}
