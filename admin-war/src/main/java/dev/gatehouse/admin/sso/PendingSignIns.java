package dev.gatehouse.admin.sso;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-ins sent to the provider and not back yet, by {@code state}: the PKCE verifier, the nonce and the hash of the
 * browser binding (a cookie set when the sign-in started), for {@value #MINUTES} minutes, at most {@value #MAX}
 * at once. Taking one removes it, so a state (and with it a code) is used once. Kept in this node's memory, as the
 * console's sessions are: the provider's redirect must come back to the node that sent it (sticky sessions).
 */
public final class PendingSignIns {
    static final int MINUTES = 10;
    static final int MAX = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One sign-in on its way. */
    public record Pending(String verifier, String nonce, String bindingHash, Instant expiresAt) {
        @Override
        public String toString() {
            return "Pending[expiresAt=" + expiresAt + "]"; // never the verifier
        }
    }

    /** What starting a sign-in gives the start page: the values to send, and the binding cookie's value. */
    public record Started(String state, String nonce, String challenge, String binding) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    public PendingSignIns(Clock clock) {
        this.clock = clock;
    }

    public Started start() {
        Instant now = clock.instant();
        pending.values().removeIf(p -> !p.expiresAt().isAfter(now));
        if (pending.size() >= MAX) {
            throw new OidcFailure("too many sign-ins are under way; try again in a few minutes");
        }
        String state = random();
        String nonce = random();
        String verifier = random() + random(); // 86 characters, within RFC 7636's 43 to 128
        String binding = random();
        pending.put(state, new Pending(verifier, nonce, sha256(binding), now.plus(Duration.ofMinutes(MINUTES))));
        return new Started(state, nonce, Base64.getUrlEncoder().withoutPadding().encodeToString(
                digest(verifier.getBytes(StandardCharsets.US_ASCII))), binding);
    }

    /** The sign-in of this state, once, when it has not expired and the browser's binding matches. */
    public Optional<Pending> take(String state, String binding) {
        Pending p = state == null ? null : pending.remove(state);
        if (p == null || !p.expiresAt().isAfter(clock.instant()) || binding == null
                || !MessageDigest.isEqual(p.bindingHash().getBytes(StandardCharsets.US_ASCII),
                sha256(binding).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] digest(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
