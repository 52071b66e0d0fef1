package dev.gatehouse.core.users;

import java.time.Instant;
import java.util.Locale;

/**
 * A one-time link's secret, shown once to the admin who asked for it; only its SHA-256 is stored. It sets the
 * user's password once, before {@code expiresAt}.
 */
public record OneTimeLink(String user, Purpose purpose, String secret, Instant expiresAt) {
    /** Why the link was made; both set a password. */
    public enum Purpose {
        INVITE, RESET;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return "OneTimeLink[user=" + user + ", purpose=" + purpose + ", expiresAt=" + expiresAt + "]"; // never the secret
    }
}
