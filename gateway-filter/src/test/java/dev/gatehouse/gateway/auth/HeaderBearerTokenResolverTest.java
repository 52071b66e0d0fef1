package dev.gatehouse.gateway.auth;

import dev.gatehouse.gateway.web.FakeRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderBearerTokenResolverTest {
    private final HeaderBearerTokenResolver resolver = new HeaderBearerTokenResolver();

    private TokenResolution resolve(FakeRequest request) {
        return resolver.resolve(request.build());
    }

    private static TokenResolution unusable(AuthFailure reason) {
        return new TokenResolution.Unusable(reason);
    }

    @Test
    void resolveWhenBearerHeaderThenToken() {
        assertEquals(new TokenResolution.Presented("gth_abc"), resolve(new FakeRequest().header("Authorization", "Bearer gth_abc")));
    }

    @Test
    void resolveWhenSchemeInAnyCaseThenToken() {
        assertEquals(new TokenResolution.Presented("t0k3n"), resolve(new FakeRequest().header("Authorization", "BEARER  t0k3n")));
    }

    @Test
    void resolveWhenNoHeaderThenMissing() {
        assertEquals(unusable(AuthFailure.MISSING), resolve(new FakeRequest()));
    }

    @Test
    void resolveWhenOtherSchemeOrEmptyThenNotBearer() {
        assertEquals(unusable(AuthFailure.NOT_BEARER), resolve(new FakeRequest().header("Authorization", "Basic YTpi")));
        assertEquals(unusable(AuthFailure.NOT_BEARER), resolve(new FakeRequest().header("Authorization", "")));
        assertEquals(unusable(AuthFailure.NOT_BEARER), resolve(new FakeRequest().header("Authorization", "Bearertoken")));
    }

    @Test
    void resolveWhenBearerWithoutUsableTokenThenMalformed() {
        assertEquals(unusable(AuthFailure.MALFORMED), resolve(new FakeRequest().header("Authorization", "Bearer")));
        assertEquals(unusable(AuthFailure.MALFORMED), resolve(new FakeRequest().header("Authorization", "Bearer a b")));
        assertEquals(unusable(AuthFailure.MALFORMED), resolve(new FakeRequest().header("Authorization", "Bearer a,Bearer b")));
    }

    @Test
    void resolveWhenTwoHeadersThenRefused() {
        assertEquals(unusable(AuthFailure.MULTIPLE_AUTHORIZATION_HEADERS), resolve(new FakeRequest()
                .header("Authorization", "Bearer a").header("Authorization", "Bearer a")));
    }

    @Test
    void resolveWhenQueryTokenThenRefusedEvenWithHeader() {
        assertEquals(unusable(AuthFailure.QUERY_PARAMETER), resolve(new FakeRequest()
                .header("Authorization", "Bearer a").query("x=1&access_token=a")));
    }

    @Test
    void hasQueryTokenWhenEncodedNameThenFound() {
        assertTrue(HeaderBearerTokenResolver.hasQueryToken("access%5Ftoken=x"));
        assertTrue(HeaderBearerTokenResolver.hasQueryToken("access_token"));
        assertFalse(HeaderBearerTokenResolver.hasQueryToken("my_access_token=x&token=y"));
        assertFalse(HeaderBearerTokenResolver.hasQueryToken("%zz=1"));
    }
}
