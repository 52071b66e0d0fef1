package dev.gatehouse.gateway.mcp;

import dev.gatehouse.gateway.web.FakeRequest;
import dev.gatehouse.gateway.web.PublicUrls;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginPolicyTest {
    private final OriginPolicy policy = new OriginPolicy(List.of("https://app.example:443"), new PublicUrls(null));

    private boolean permits(String origin) {
        FakeRequest r = new FakeRequest().server("http", "gw.example", 8080);
        return policy.permits((origin == null ? r : r.header("Origin", origin)).build());
    }

    @Test
    void permitsWhenNoOriginThenYes() {
        assertTrue(permits(null));
    }

    @Test
    void permitsWhenSameOriginOrConfiguredThenYes() {
        assertTrue(permits("http://gw.example:8080"));
        assertTrue(permits("https://APP.example"));
    }

    @Test
    void permitsWhenForeignOrNullOriginThenNo() {
        assertFalse(permits("https://evil.example"));
        assertFalse(permits("http://gw.example:8081"));
        assertFalse(permits("null"));
    }

    @Test
    void normaliseWhenPathGivenThenNotAnOrigin() {
        assertNull(OriginPolicy.normalise("https://a.example/path"));
        assertEquals("https://a.example", OriginPolicy.normalise("https://A.example:443"));
    }
}
