package dev.gatehouse.core.audit;

import dev.gatehouse.core.model.AuditEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the refusals of the MCP gate attributable but bounded (issue 14: 2,000 requests with random bad
 * tokens wrote 2,000 audit rows in two seconds). Per client address and reason, in fixed intervals aligned
 * to the clock, the first {@link Settings#inFull} refusals are recorded in full; the rest are counted, and
 * when the interval has ended one record says how many there were. An address refused more than {@link
 * Settings#throttleAfter} times in an interval is throttled for the rest of it: its requests are answered
 * 429 before any token is checked. Refusals of a known token (revoked, expired: attributable to a host and
 * user) are always recorded in full and do not count towards the throttle, which is for unauthenticated
 * sources (no, malformed, unknown or wrong tokens).
 * <p>
 * Memory is bounded: at most {@link #MAX_ADDRESSES} addresses are tracked per interval; refusals from
 * further addresses are counted together under {@link #OTHER_ADDRESSES}.
 */
public final class RefusalBook {
    public static final int MAX_ADDRESSES = 10_000;
    /** The address under which refusals from addresses beyond {@link #MAX_ADDRESSES} are counted. */
    public static final String OTHER_ADDRESSES = "(other addresses)";

    /**
     * @param inFull        refusals per address and reason recorded one by one in an interval
     * @param throttleAfter refusals per address in an interval after which it is answered 429
     * @param interval      the length of an interval (aligned to the clock)
     */
    public record Settings(int inFull, int throttleAfter, Duration interval) {
        public static final Settings DEFAULTS = new Settings(10, 100, Duration.ofMinutes(1));

        public Settings {
            if (inFull < 1 || throttleAfter < inFull || interval.toMillis() < 1000) {
                throw new IllegalArgumentException("gatehouse auth-refusals-in-full must be at least 1 and at most"
                        + " auth-refusals-throttle-after, and the interval at least a second");
            }
        }

        /** {@code auth-refusals-in-full} and {@code auth-refusals-throttle-after}, per minute; defaults above. */
        public static Settings from(dev.gatehouse.core.runtime.SettingsSource source) {
            return new Settings(positive(source, "auth-refusals-in-full", DEFAULTS.inFull()),
                    positive(source, "auth-refusals-throttle-after", DEFAULTS.throttleAfter()), DEFAULTS.interval());
        }

        private static int positive(dev.gatehouse.core.runtime.SettingsSource source, String name, int fallback) {
            return source.get(name).map(v -> {
                try {
                    int n = Integer.parseInt(v.strip());
                    if (n >= 1) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // named below
                }
                throw new IllegalArgumentException("gatehouse " + name + " must be a whole number of at least 1: " + v);
            }).orElse(fallback);
        }
    }

    /** One interval's refusals of one address and reason that were counted, not recorded one by one. */
    public record Summary(String address, String reason, long counted, Instant from, Instant to) {
    }

    private final Settings settings;
    private final Clock clock;
    private final AuditLog audit;
    private final ConcurrentHashMap<String, Source> sources = new ConcurrentHashMap<>();

    public RefusalBook(Settings settings, Clock clock, AuditLog audit) {
        this.settings = settings;
        this.clock = clock;
        this.audit = audit;
    }

    public Settings settings() {
        return settings;
    }

    /** Empty when requests from {@code address} may be checked; otherwise how long it is throttled for. */
    public Optional<Duration> throttled(String address) {
        long now = clock.instant().toEpochMilli(); // not millis(): a sub-millisecond tick clock divides by zero there
        Source s = sources.get(key(address));
        return s == null ? Optional.empty() : s.throttledFor(now);
    }

    /**
     * Counts one refusal of a request from {@code address} for {@code reason}.
     *
     * @param attributable true for a known token's refusal: always recorded in full, not counted for the throttle
     * @return true when this refusal is to be recorded in full, false when it is only counted
     */
    public boolean refused(String address, String reason, boolean attributable) {
        long now = clock.instant().toEpochMilli(); // not millis(): a sub-millisecond tick clock divides by zero there
        Source s = sources.computeIfAbsent(key(address), Source::new);
        return s.refused(now, reason, attributable);
    }

    /**
     * Writes one record per address and reason whose interval has ended with refusals that were only counted
     * (kind and attribution from {@code template}), and forgets ended intervals. Called every few seconds.
     */
    public List<Summary> flush(java.util.function.Function<Summary, AuditEvent> record) {
        long now = clock.instant().toEpochMilli(); // not millis(): a sub-millisecond tick clock divides by zero there
        List<Summary> ended = new ArrayList<>();
        sources.values().removeIf(s -> s.endedBy(now, ended));
        for (Summary summary : ended) {
            audit.append(record.apply(summary)).exceptionally(e -> null);
        }
        return ended;
    }

    private String key(String address) {
        String a = address == null ? "unknown" : address;
        return sources.size() >= MAX_ADDRESSES && !sources.containsKey(a) ? OTHER_ADDRESSES : a;
    }

    private long start(long now) {
        long length = settings.interval().toMillis();
        return now - Math.floorMod(now, length);
    }

    /** One address's refusals in its current interval. */
    private final class Source {
        private final String address;
        private long start = -1;
        private int total;
        private final Map<String, int[]> byReason = new HashMap<>(); // reason -> {recorded, counted}
        private final List<Summary> pending = new ArrayList<>();

        Source(String address) {
            this.address = address;
        }

        synchronized Optional<Duration> throttledFor(long now) {
            roll(now);
            if (total < settings.throttleAfter()) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(start + settings.interval().toMillis() - now));
        }

        synchronized boolean refused(long now, String reason, boolean attributable) {
            roll(now);
            if (!attributable) {
                total++; // the throttle is for unauthenticated sources; a known token's refusals are recorded instead
            }
            int[] counts = byReason.computeIfAbsent(reason, r -> new int[2]);
            if (attributable || counts[0] < settings.inFull()) {
                counts[0]++;
                return true;
            }
            counts[1]++;
            return false;
        }

        /** Moves the summaries of an ended interval to {@code ended}; true when nothing is left to remember. */
        synchronized boolean endedBy(long now, List<Summary> ended) {
            roll(now);
            ended.addAll(pending);
            pending.clear();
            return total == 0;
        }

        private void roll(long now) {
            long current = start(now);
            if (current == start) {
                return;
            }
            if (start >= 0) {
                Instant from = Instant.ofEpochMilli(start);
                Instant to = from.plus(settings.interval());
                byReason.forEach((reason, counts) -> {
                    if (counts[1] > 0) {
                        pending.add(new Summary(address, reason, counts[1], from, to));
                    }
                });
            }
            start = current;
            total = 0;
            byReason.clear();
        }
    }
}
