package dev.gatehouse.launcher;

/**
 * What an admin password must be wherever one is set: at least {@value #MIN_LENGTH} characters
 * (NIST SP 800-63B section 3.1.1.2 asks for at least 8, or 15 without a second factor; OWASP's
 * Authentication Cheat Sheet for at least 8; 12 is a floor an operator meets with a passphrase).
 * Characters are counted as Unicode code points, so a password in any script counts what its user typed.
 */
final class PasswordRules {
    static final int MIN_LENGTH = 12;

    private PasswordRules() {
    }

    /** @throws IllegalArgumentException naming {@code source} and saying what to do, never echoing the password */
    static void check(String source, String password) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            throw new IllegalArgumentException(source + " is too short: an admin password needs at least " + MIN_LENGTH
                    + " characters, this one has " + length + " (use a longer one, or unset " + source
                    + " to have one generated on first start)");
        }
    }
}
