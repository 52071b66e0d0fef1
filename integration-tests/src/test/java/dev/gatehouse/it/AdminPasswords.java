package dev.gatehouse.it;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashes in the launcher's {@code admin-users.properties} format,
 * {@code pbkdf2-sha256$iterations$salt$hash} (PBKDF2-HMAC-SHA256, base64 without padding), computed the
 * way the admin guide tells an operator to, so a test can define console users as an operator would.
 */
final class AdminPasswords {
    private static final int ITERATIONS = 600_000;

    private AdminPasswords() {
    }

    static String hash(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256)).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
            return "pbkdf2-sha256$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
