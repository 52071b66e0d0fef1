package dev.gatehouse.core.users;

import java.util.Locale;
import java.util.Optional;

/**
 * What an admin password must be wherever one is set: at least {@value #MIN_LENGTH} characters
 * (NIST SP 800-63B section 3.1.1.2 asks for at least 8, or 15 without a second factor; OWASP's
 * Authentication Cheat Sheet for at least 8; 12 is a floor an operator meets with a passphrase), at most
 * {@value #MAX_LENGTH} (a bound on what a sign-in hashes), and for a named user not containing the user's name.
 * Characters are counted as Unicode code points, so a password in any script counts what its user typed.
 */
public final class PasswordRules {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private PasswordRules() {
    }

    /** @throws IllegalArgumentException naming {@code source} and saying what to do, never echoing the password */
    public static void check(String source, String password) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            throw new IllegalArgumentException(source + " is too short: an admin password needs at least " + MIN_LENGTH
                    + " characters, this one has " + length + " (use a longer one, or unset " + source
                    + " to have one generated on first start)");
        }
    }

    /** Why {@code password} may not be {@code user}'s, in words safe to show (never the password); empty when it may. */
    public static Optional<String> problem(String user, String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("a password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("too short: a password needs at least " + MIN_LENGTH + " characters, this one has " + length);
        }
        if (length > MAX_LENGTH) {
            return Optional.of("too long: at most " + MAX_LENGTH + " characters");
        }
        if (user != null && user.length() >= 3
                && password.toLowerCase(Locale.ROOT).contains(user.toLowerCase(Locale.ROOT))) {
            return Optional.of("a password must not contain the user name");
        }
        return Optional.empty();
    }
}
