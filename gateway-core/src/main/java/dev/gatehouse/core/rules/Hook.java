package dev.gatehouse.core.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a rule looks: a {@code tools/call}'s arguments before the upstream sees them, its result before
 * the client sees it, or both. The engine is always asked about one phase, {@link #REQUEST} or
 * {@link #RESPONSE}.
 */
public enum Hook {
    REQUEST,
    RESPONSE,
    BOTH;

    /** True when a rule hooked here applies in {@code phase}. */
    public boolean covers(Hook phase) {
        return this == BOTH || this == phase;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Hook> fromWire(String value) {
        for (Hook h : values()) {
            if (h.wireName().equals(value)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
