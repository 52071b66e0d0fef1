package dev.gatehouse.core.crypto;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretBoxTest {
    private final SecretBox box = SecretBox.fromBase64(SecretBox.newEncodedKey());

    @Test
    void sealThenOpenGivesTheSecretBack() {
        String sealed = box.seal("Bearer s3cret");
        assertFalse(sealed.contains("s3cret"));
        assertEquals("Bearer s3cret", box.open(sealed));
    }

    @Test
    void sealingTwiceGivesDifferentCiphertexts() {
        assertNotEquals(box.seal("x"), box.seal("x"));
    }

    @Test
    void openWhenTheKeyDiffersOrTheValueWasAlteredThenFails() {
        String sealed = box.seal("secret");
        SecretBox other = SecretBox.fromBase64(SecretBox.newEncodedKey());
        assertThrows(IllegalStateException.class, () -> other.open(sealed));
        String altered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A=") ? "B=" : "A=");
        assertThrows(RuntimeException.class, () -> box.open(altered));
        assertThrows(IllegalArgumentException.class, () -> box.open("plain"));
    }

    /** Re-keying: a value sealed under the old key names it, and a box with the new key and the old one retired opens it. */
    @Test
    void openWhenSealedUnderARetiredKeyThenTheBoxHoldingItOpensIt() {
        String oldKey = SecretBox.newEncodedKey();
        String sealed = SecretBox.fromBase64(oldKey).seal("Bearer old");
        SecretBox rekeyed = SecretBox.fromBase64(SecretBox.newEncodedKey(), java.util.List.of(oldKey));

        assertTrue(sealed.startsWith("v2:" + KeyIds.of(java.util.Base64.getDecoder().decode(oldKey)) + ":"), sealed);
        assertEquals("Bearer old", rekeyed.open(sealed));
        assertTrue(rekeyed.seal("new").startsWith("v2:" + rekeyed.keyId() + ":"));
    }

    @Test
    void openWhenTheKeyIsNotHeldThenTheMessageNamesItsIdAndNeverAKey() {
        String foreignKey = SecretBox.newEncodedKey();
        String sealed = SecretBox.fromBase64(foreignKey).seal("x");

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> box.open(sealed));

        assertTrue(refused.getMessage().contains(KeyIds.of(java.util.Base64.getDecoder().decode(foreignKey))), refused.getMessage());
        assertFalse(refused.getMessage().contains(foreignKey));
    }

    /** Values sealed before key ids ({@code v1:}) open under whichever held key fits, a retired one too. */
    @Test
    void openWhenSealedBeforeKeyIdsThenAnyHeldKeyThatFitsOpensIt() throws Exception {
        byte[] oldKey = new byte[32];
        java.util.Arrays.fill(oldKey, (byte) 5);
        byte[] nonce = new byte[12];
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(oldKey, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        byte[] body = cipher.doFinal("legacy".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] all = new byte[12 + body.length];
        System.arraycopy(body, 0, all, 12, body.length);
        String v1 = "v1:" + java.util.Base64.getEncoder().encodeToString(all);

        SecretBox rekeyed = new SecretBox(new byte[32], java.util.List.of(oldKey));

        assertEquals("legacy", rekeyed.open(v1));
        assertThrows(IllegalStateException.class, () -> new SecretBox(new byte[32]).open(v1));
    }
}
