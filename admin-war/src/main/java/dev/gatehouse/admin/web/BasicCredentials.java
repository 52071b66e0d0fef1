package dev.gatehouse.admin.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The user name and password of an {@code Authorization: Basic} header (RFC 7617), decoded as UTF-8.
 * {@link #toString()} leaves the password out.
 */
record BasicCredentials(String user, String password) {
    private static final String SCHEME = "basic ";

    /** Whether the header uses the Basic scheme at all, well-formed or not. */
    static boolean isBasic(String header) {
        return header != null && header.length() >= SCHEME.length()
                && header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME);
    }

    /** The credentials, or empty when the header is absent, of another scheme, or malformed. */
    static Optional<BasicCredentials> parse(String header) {
        if (!isBasic(header)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return "BasicCredentials[" + user + "]";
    }
}
