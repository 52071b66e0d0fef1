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
    void permitsWhenLoopbackConnectionNamesForeignHostThenNo() {
        // DNS rebinding: the page's origin and the Host it sends are the attacker's name, same-origin with each other
        FakeRequest rebound = new FakeRequest().local("127.0.0.1").server("http", "evil.example.com", 8080)
                .header("Origin", "http://evil.example.com:8080");
        assertFalse(policy.permits(rebound.build()));
        assertFalse(policy.permits(new FakeRequest().local("127.0.0.1").server("http", "evil.example.com", 8080).build()));
    }

    @Test
    void permitsWhenLoopbackConnectionNamesLoopbackOrConfiguredHostThenYes() {
        assertTrue(policy.permits(new FakeRequest().local("127.0.0.1").server("http", "localhost", 8080)
                .header("Origin", "http://localhost:8080").build()));
        assertTrue(policy.permits(new FakeRequest().local("0:0:0:0:0:0:0:1").server("http", "[::1]", 8080).build()));
        assertTrue(policy.permits(new FakeRequest().local("127.0.0.1").server("https", "app.example", 443).build()));
        OriginPolicy behindProxy = new OriginPolicy(List.of(), new PublicUrls(null), java.net.URI.create("https://gw.example/"));
        assertTrue(behindProxy.permits(new FakeRequest().local("127.0.0.1").server("http", "GW.example", 80).build()));
    }

    @Test
    void permitsWhenOtherInterfaceThenAnyHost() {
        assertTrue(policy.permits(new FakeRequest().local("10.0.0.5").server("http", "gw.internal", 8080).build()));
    }

    @Test
    void normaliseWhenPathGivenThenNotAnOrigin() {
        assertNull(OriginPolicy.normalise("https://a.example/path"));
        assertEquals("https://a.example", OriginPolicy.normalise("https://A.example:443"));
    }
}
