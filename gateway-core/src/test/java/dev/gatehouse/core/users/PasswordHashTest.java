package dev.gatehouse.core.users;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Security catalogue row 171: OWASP's 600,000 PBKDF2-SHA256 iterations, older hashes still verify. */
class PasswordHashTest {
    @Test
    void hashWhenNewThenSixHundredThousandIterations() {
        String hash = PasswordHash.hash("correct horse battery".toCharArray());
        assertTrue(hash.startsWith("pbkdf2-sha256$600000$"), hash);
        assertTrue(PasswordHash.verify("correct horse battery".toCharArray(), hash));
        assertFalse(PasswordHash.needsRehash(hash));
    }

    @Test
    void verifyWhenOlderCostThenStillMatchesAndNeedsRehash() {
        // 210,000 iterations of "legacy-passphrase", as the previous version stored it
        String old = "pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA$" + java.util.Base64.getEncoder().withoutPadding()
                .encodeToString(derive("legacy-passphrase", 210_000));
        assertTrue(PasswordHash.verify("legacy-passphrase".toCharArray(), old));
        assertTrue(PasswordHash.needsRehash(old));
    }

    @Test
    void unmatchableWhenCheckedThenNeverMatchesAtFullCost() {
        String dummy = PasswordHash.unmatchable();
        assertTrue(dummy.startsWith("pbkdf2-sha256$600000$"), dummy);
        assertFalse(PasswordHash.verify("".toCharArray(), dummy));
        assertFalse(PasswordHash.verify("anything at all".toCharArray(), dummy));
    }

    private static byte[] derive(String password, int iterations) {
        try {
            return javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
                    new javax.crypto.spec.PBEKeySpec(password.toCharArray(), new byte[16], iterations, 256)).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
