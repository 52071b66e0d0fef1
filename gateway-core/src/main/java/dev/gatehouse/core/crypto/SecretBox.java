package dev.gatehouse.core.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seals upstream credentials at rest with AES-256-GCM under a key kept outside the database, so a
 * database dump alone does not reveal them. Sealed form: {@code v2:} + the key's id ({@link KeyIds}) +
 * {@code :} + base64(nonce || ciphertext+tag), so after a re-key a value names the key that opens it; the
 * box seals under its current key and opens with it or with any retired key it was given. Values sealed
 * before key ids ({@code v1:} + base64) are opened by whichever of its keys fits.
 */
public final class SecretBox {
    private static final String UNNAMED = "v1:";
    private static final String NAMED = "v2:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String keyId;
    /** Every key the box can open with, by id: the current one first. */
    private final Map<String, SecretKeySpec> openers = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public SecretBox(byte[] key) {
        this(key, List.of());
    }

    /** A box sealing under {@code key} that also opens what was sealed under the {@code retired} keys. */
    public SecretBox(byte[] key, List<byte[]> retired) {
        this.key = aesKey(key);
        this.keyId = KeyIds.of(key);
        openers.put(keyId, this.key);
        for (byte[] old : retired) {
            openers.putIfAbsent(KeyIds.of(old), aesKey(old));
        }
    }

    /** A key decoded from base64, as kept in configuration. */
    public static SecretBox fromBase64(String encodedKey) {
        return fromBase64(encodedKey, List.of());
    }

    /** A current key and retired keys decoded from base64, as kept in configuration. */
    public static SecretBox fromBase64(String encodedKey, List<String> retiredKeys) {
        List<byte[]> retired = new ArrayList<>();
        for (String old : retiredKeys) {
            retired.add(Base64.getDecoder().decode(old.trim()));
        }
        return new SecretBox(Base64.getDecoder().decode(encodedKey.trim()), retired);
    }

    public static String newEncodedKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    /** The id of the key new values are sealed under. */
    public String keyId() {
        return keyId;
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return NAMED + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        }
    }

    /**
     * The plain secret; fails when the value was sealed under a key this box does not hold (the message
     * names the key's id) or was altered.
     */
    public String open(String sealedValue) {
        if (sealedValue != null && sealedValue.startsWith(NAMED)) {
            int colon = sealedValue.indexOf(':', NAMED.length());
            String id = colon < 0 ? "" : sealedValue.substring(NAMED.length(), colon);
            SecretKeySpec opener = openers.get(id);
            if (opener == null) {
                throw new IllegalStateException("sealed secret was sealed under key " + id
                        + ", which this node does not hold (its sealing key is " + keyId + ")");
            }
            return open(opener, decode(sealedValue.substring(colon + 1)))
                    .orElseThrow(() -> new IllegalStateException("sealed secret under key " + id + " was altered"));
        }
        if (sealedValue == null || !sealedValue.startsWith(UNNAMED)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        byte[] in = decode(sealedValue.substring(UNNAMED.length()));
        for (SecretKeySpec opener : openers.values()) {
            Optional<String> plain = open(opener, in);
            if (plain.isPresent()) {
                return plain.get();
            }
        }
        throw new IllegalStateException("sealed secret cannot be opened with this key (" + keyId
                + (openers.size() > 1 ? " or a retired one" : "") + ")");
    }

    private static Optional<String> open(SecretKeySpec opener, byte[] in) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, opener, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            return Optional.of(new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("sealed secret is not base64", e);
        }
    }

    private static SecretKeySpec aesKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the sealing key must be 32 bytes (AES-256)");
        }
        return new SecretKeySpec(key.clone(), "AES");
    }
}
