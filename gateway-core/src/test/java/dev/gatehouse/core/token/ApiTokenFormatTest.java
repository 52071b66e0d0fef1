package dev.gatehouse.core.token;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokenFormatTest {
    private final ApiTokenFormat format = new ApiTokenFormat();

    @Test
    void newTokenHasPrefixPublicIdSecretAndChecksum() {
        String token = format.newToken("AbCd1234");
        assertEquals(51, token.length());
        assertTrue(token.matches("gth_AbCd1234_[0-9A-Za-z]{38}"), token);
        assertEquals("AbCd1234", ApiTokenFormat.parse(token).orElseThrow().publicId());
    }

    @Test
    void parseWhenAnyCharacterIsChangedThenTheChecksumRejectsIt() {
        String token = format.newToken(format.newPublicId());
        for (int i = ApiTokenFormat.PREFIX.length(); i < token.length(); i++) {
            if (token.charAt(i) == '_') {
                continue;
            }
            char replacement = token.charAt(i) == 'a' ? 'b' : 'a';
            String typo = token.substring(0, i) + replacement + token.substring(i + 1);
            assertTrue(ApiTokenFormat.parse(typo).isEmpty(), "typo at " + i + " accepted");
        }
    }

    @Test
    void parseWhenTwoAdjacentCharactersAreSwappedThenItIsRejected() {
        String token = format.newToken(format.newPublicId());
        int i = 20;
        while (token.charAt(i) == token.charAt(i + 1)) {
            i++;
        }
        String swapped = token.substring(0, i) + token.charAt(i + 1) + token.charAt(i) + token.substring(i + 2);
        assertTrue(ApiTokenFormat.parse(swapped).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gth_", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "bearer", "gth_AbCd1234-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "gth_AbCd1234_ééééééééééééééééééééééééééééééééééééé", "GTH_AbCd1234_0000000000000000000000000000000000000"})
    void parseWhenTheShapeIsWrongThenEmpty(String candidate) {
        assertTrue(ApiTokenFormat.parse(candidate).isEmpty());
    }

    @Test
    void parseWhenNullOrOverlongThenEmpty() {
        assertTrue(ApiTokenFormat.parse(null).isEmpty());
        String token = format.newToken(format.newPublicId());
        assertTrue(ApiTokenFormat.parse(token + "0").isEmpty());
        assertTrue(ApiTokenFormat.parse("x".repeat(1_000_000)).isEmpty());
    }

    @Test
    void secretsAreNotRepeated() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(format.newToken("AAAAAAAA")));
        }
    }

    @Test
    void newTokenWhenThePublicIdIsNotBase62ThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> format.newToken("abc_1234"));
        assertThrows(IllegalArgumentException.class, () -> format.newToken("short"));
    }

    @Test
    void toStringOfAParsedTokenNeverShowsTheSecret() {
        String token = format.newToken("AbCd1234");
        String shown = ApiTokenFormat.parse(token).orElseThrow().toString();
        assertFalse(shown.contains(token.substring(13)));
    }

    @Test
    void base62EncodeIsFixedWidthAndRejectsOverflow() {
        assertEquals("000000", Base62.encode(0, 6));
        assertEquals("4gfFC3", Base62.encode(0xFFFFFFFFL, 6));
        assertThrows(IllegalArgumentException.class, () -> Base62.encode(62, 1));
    }
}
