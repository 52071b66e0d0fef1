package dev.gatehouse.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whose identity a server assignment presents upstream: the server's {@code shared} identity (the service
 * account the admin chose) or, {@code per-user}, the identity of the user who generated the connection's token.
 */
public enum IdentityScheme {
    SHARED, PER_USER;

    /** {@code shared} or {@code per-user}, as the admin API and docs spell it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<IdentityScheme> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }
}
