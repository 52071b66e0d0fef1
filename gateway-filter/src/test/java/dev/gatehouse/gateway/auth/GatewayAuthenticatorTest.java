package dev.gatehouse.gateway.auth;

import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.TokenAuthenticator;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.token.ParsedToken;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GatewayAuthenticatorTest {
    private static final TokenGrant GRANT = new TokenGrant("AbCd1234", "conn-1", "host-1", "CI bot", "quickstart", "alice");
    private final String token = new ApiTokenFormat().newToken("AbCd1234");
    private final AtomicInteger lookups = new AtomicInteger();

    private GatewayAuthenticator authenticator(Function<ParsedToken, Authentication> answer) {
        TokenAuthenticator counting = t -> {
            lookups.incrementAndGet();
            return answer.apply(t);
        };
        return new GatewayAuthenticator(counting);
    }

    @Test
    void authenticateWhenChecksumWrongThenMalformedWithoutALookup() {
        String typo = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        var decision = authenticator(t -> new Authentication.Granted(GRANT)).authenticate(typo, Optional.of("quickstart"));
        assertEquals(new AuthDecision.Refused(AuthFailure.MALFORMED, null), decision);
        assertEquals(0, lookups.get());
    }

    @Test
    void authenticateWhenValidForThePathsGatewayThenGranted() {
        var decision = authenticator(t -> new Authentication.Granted(GRANT)).authenticate(token, Optional.of("quickstart"));
        assertEquals(new AuthDecision.Granted(GRANT), decision);
        assertEquals(1, lookups.get());
    }

    @Test
    void authenticateWhenValidForAnotherGatewayThenForbidden() {
        var decision = authenticator(t -> new Authentication.Granted(GRANT)).authenticate(token, Optional.of("other"));
        assertEquals(new AuthDecision.Forbidden(GRANT), decision);
    }

    @Test
    void authenticateWhenStoreRefusesThenReasonAndPublicIdKept() {
        var decision = authenticator(t -> new Authentication.Refused(Authentication.Reason.REVOKED, t.publicId()))
                .authenticate(token, Optional.of("quickstart"));
        assertEquals(new AuthDecision.Refused(AuthFailure.REVOKED, "AbCd1234"), decision);
    }

    @Test
    void authenticateWhenStoreFailsThenUnavailableNotRefused() {
        var decision = authenticator(t -> {
            throw new IllegalStateException("connection refused");
        }).authenticate(token, Optional.of("quickstart"));
        assertEquals(new AuthDecision.Unavailable("AbCd1234"), decision);
    }
}
