package dev.gatehouse.core.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Keeps an alert storm from reaching people: an alert is sent at most once per repeat window per kind and
 * subject (event, gateway, server, tool); the repeats in between are folded, and the next one sent after the
 * window says how many it stands for ({@code suppressed}). A window of zero sends everything.
 */
final class AlertThrottle {
    private static final int MAX_KEYS = 10_000;

    private static final class Seen {
        Instant sentAt;
        long folded;
    }

    private final Duration window;
    private final Clock clock;
    private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > MAX_KEYS;
        }
    };
    private long foldedTotal;

    AlertThrottle(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /** Empty when the alert is folded into an earlier one; else how many repeats it stands for besides itself. */
    synchronized OptionalLong admit(ObjectNode alert) {
        if (window.isZero()) {
            return OptionalLong.of(0);
        }
        String key = String.join("\u0000", alert.path("event").asText(), alert.path("gateway").asText(),
                alert.path("server").asText(), alert.path("tool").asText());
        Instant now = clock.instant();
        Seen s = seen.computeIfAbsent(key, k -> new Seen());
        if (s.sentAt != null && now.isBefore(s.sentAt.plus(window))) {
            s.folded++;
            foldedTotal++;
            return OptionalLong.empty();
        }
        long folded = s.folded;
        s.sentAt = now;
        s.folded = 0;
        return OptionalLong.of(folded);
    }

    /** Alerts folded into others since start. */
    synchronized long folded() {
        return foldedTotal;
    }
}
