package dev.gatehouse.core.users;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A console user as the admin API shows it: never the password hash, only whether one is set. {@code roles} are
 * container role names; the capability policy decides what each grants.
 */
public record ConsoleUser(String name, String displayName, String email, List<String> roles, Source source,
                          boolean hasPassword, String createdBy, Instant createdAt, Instant disabledAt,
                          String disabledBy, Instant lastSignInAt) {
    public ConsoleUser {
        roles = List.copyOf(roles);
    }

    /** Where the user is defined. */
    public enum Source {
        /** {@code admin-users.properties}: the bootstrap and break-glass accounts, edited by hand, read-only here. */
        FILE,
        /** Created in the console or the admin API. */
        LOCAL,
        /** Created at its first single sign-on; roles follow the identity provider's groups. */
        SSO;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean disabled() {
        return disabledAt != null;
    }
}
