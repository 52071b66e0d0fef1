package dev.gatehouse.core.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * A key's id: the first 8 bytes of HMAC-SHA-256 keyed with the key over a fixed label, in hex (16
 * digits). Equal keys give equal ids and the id reveals nothing usable about the key, so it can be stored
 * beside what the key made (an audit record, a sealed value) and in the database's key check table: after
 * a re-key, each record and sealed value still names the key it needs.
 */
public final class KeyIds {
    private static final byte[] LABEL = "gatehouse key check value".getBytes(StandardCharsets.US_ASCII);

    private KeyIds() {
    }

    /** The id of {@code key}: 16 hex digits. */
    public static String of(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            byte[] full = mac.doFinal(LABEL);
            return HexFormat.of().formatHex(full, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
