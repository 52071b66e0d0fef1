package dev.gatehouse.core.token;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenHasherTest {
    @Test
    void hashIsTheHexSha256OfTheToken() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenHasher.hash("abc"));
    }

    @Test
    void matchesOnlyTheSameToken() {
        String token = new ApiTokenFormat().newToken("AbCd1234");
        String stored = TokenHasher.hash(token);
        assertNotEquals(token, stored);
        assertTrue(TokenHasher.matches(token, stored));
        assertFalse(TokenHasher.matches(token + "x", stored));
        assertFalse(TokenHasher.matches(token, null));
        assertFalse(TokenHasher.matches(token, ""));
    }
}
