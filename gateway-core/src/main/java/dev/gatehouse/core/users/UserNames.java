package dev.gatehouse.core.users;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * User names identify a person ignoring case: {@code Admin}, {@code ADMIN} and {@code admin} are one user, shown
 * as first spelt. Without this a look-alike account could stand beside another (a database {@code Admin} beside
 * the properties file's {@code admin}, a single sign-on {@code ALICE} beside {@code alice}). Names are ASCII
 * (letters, digits, {@code ._@-}), so the database's {@code LOWER} folds them as {@link #key} does.
 * Where look-alikes exist from before (they can no longer be made), the exact spelling wins, then the first.
 */
public final class UserNames {
    private UserNames() {
    }

    /** The form two names are compared in. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Whether two names are the same user's. */
    public static boolean same(String a, String b) {
        return a != null && b != null && a.equalsIgnoreCase(b);
    }

    /** The name among {@code names} that is {@code typed}'s user: its exact spelling, else the first the same ignoring case. */
    public static Optional<String> match(Collection<String> names, String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        if (names.contains(typed)) {
            return Optional.of(typed);
        }
        return names.stream().filter(n -> same(n, typed)).sorted().findFirst();
    }
}
