package dev.gatehouse.gateway.auth;

import dev.gatehouse.core.model.TokenGrant;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BearerErrorTest {
    private static final String META = "https://gw.example/gatehouse/.well-known/oauth-protected-resource/mcp/q";

    @Test
    void challengeWhenNoTokenThenResourceMetadataAndScopeOnly() {
        assertEquals("Bearer resource_metadata=\"" + META + "\", scope=\"mcp\"", BearerError.NO_TOKEN.challenge(META));
    }

    @Test
    void challengeWhenInvalidTokenThenErrorCodeAfterMetadata() {
        assertEquals("Bearer resource_metadata=\"" + META + "\", scope=\"mcp\", error=\"invalid_token\"", BearerError.INVALID_TOKEN.challenge(META));
    }

    @Test
    void challengeWhenInsufficientScopeThenErrorCodeFirst() {
        assertEquals("Bearer error=\"insufficient_scope\", scope=\"mcp\", resource_metadata=\"" + META + "\"",
                BearerError.INSUFFICIENT_SCOPE.challenge(META));
    }

    @Test
    void bodyWhenAny401ThenByteIdentical() {
        assertArrayEquals(BearerError.NO_TOKEN.body(), BearerError.INVALID_TOKEN.body());
        assertEquals("{\"error\":\"invalid_token\",\"error_description\":\"A valid Gatehouse API access token is required.\"}",
                new String(BearerError.INVALID_TOKEN.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void challengesWhenUnavailableThenNoChallenge() {
        assertFalse(BearerError.TEMPORARILY_UNAVAILABLE.challenges());
        assertEquals(503, BearerError.TEMPORARILY_UNAVAILABLE.status());
    }

    @Test
    void quotedWhenQuoteOrBackslashThenEscapedAndControlCharactersRefused() {
        assertEquals("\"a\\\"b\\\\c\"", BearerError.quoted("a\"b\\c"));
        assertThrows(IllegalArgumentException.class, () -> BearerError.quoted("a\r\nb"));
    }

    @Test
    void errorOfWhenEachDecisionThenItsBearerError() {
        TokenGrant grant = new TokenGrant("AbCd1234", "c", "h", "n", "g", "u");
        assertEquals(BearerError.NO_TOKEN, AuthDenialHandler.errorOf(new AuthDecision.Refused(AuthFailure.MISSING, null)));
        assertEquals(BearerError.NO_TOKEN, AuthDenialHandler.errorOf(new AuthDecision.Refused(AuthFailure.NOT_BEARER, null)));
        assertEquals(BearerError.INVALID_TOKEN, AuthDenialHandler.errorOf(new AuthDecision.Refused(AuthFailure.QUERY_PARAMETER, null)));
        assertEquals(BearerError.INVALID_TOKEN, AuthDenialHandler.errorOf(new AuthDecision.Refused(AuthFailure.EXPIRED, "x")));
        assertEquals(BearerError.INSUFFICIENT_SCOPE, AuthDenialHandler.errorOf(new AuthDecision.Forbidden(grant)));
        assertEquals(BearerError.TEMPORARILY_UNAVAILABLE, AuthDenialHandler.errorOf(new AuthDecision.Unavailable(null)));
    }
}
