package dev.gatehouse.core.limits;

import java.util.Locale;
import java.util.Optional;

/** What a rate limit counts: each connection's calls, or each host's calls over all its connections. */
public enum LimitScope {
    CONNECTION,
    HOST;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LimitScope> fromWire(String value) {
        for (LimitScope s : values()) {
            if (s.wireName().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
