package dev.gatehouse.core.rules;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signature Gatehouse puts on a rule-engine webhook request, so the engine can tell Gatehouse's calls
 * from anyone else's and refuse a replayed one:
 * {@code Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}. The timestamp
 * is inside the signed content, so it cannot be changed without the secret; an engine refuses requests
 * whose {@code t} is further than {@link #TOLERANCE} from its clock.
 */
public final class WebhookSignature {
    public static final String HEADER = "Gatehouse-Signature";
    /** What a receiver should accept between Gatehouse's clock and its own. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** The header value for {@code body} sent at {@code at}. */
    public static String header(SigningKey key, Instant at, byte[] body) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(key.bytes(), t, body));
    }

    /**
     * What a receiver does (here for tests and as the documented reference): true when {@code header}
     * carries a v1 signature of {@code body} under {@code secret} with a timestamp within {@link #TOLERANCE}.
     */
    public static boolean verify(String secret, String header, byte[] body, Instant now) {
        if (header == null) {
            return false;
        }
        Long t = null;
        byte[] given = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                return false;
            }
            try {
                if (kv[0].equals("t")) {
                    t = Long.parseLong(kv[1]);
                } else if (kv[0].equals("v1")) {
                    given = HexFormat.of().parseHex(kv[1]);
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (t == null || given == null || Math.abs(now.getEpochSecond() - t) > TOLERANCE.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret.getBytes(StandardCharsets.UTF_8), t, body), given);
    }

    private static byte[] mac(byte[] key, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
