package dev.gatehouse.core.crypto;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
