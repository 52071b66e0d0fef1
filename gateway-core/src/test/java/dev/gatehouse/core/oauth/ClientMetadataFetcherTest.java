package dev.gatehouse.core.oauth;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Client ID Metadata Document fetch against a real HTTP server on loopback: refused by default
 * (server-side request forgery guard), and, where private hosts are allowed (tests, closed networks),
 * size-capped, not redirected and cached.
 */
class ClientMetadataFetcherTest {
    private HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/client.json", exchange -> {
            fetches.incrementAndGet();
            reply(exchange, 200, "{\"client_id\":\"" + base + "/client.json\",\"redirect_uris\":[\"http://127.0.0.1/cb\"]}");
        });
        server.createContext("/huge.json", exchange -> reply(exchange, 200, "{\"x\":\"" + "a".repeat(20_000) + "\"}"));
        server.createContext("/moved.json", exchange -> {
            exchange.getResponseHeaders().set("Location", base + "/client.json");
            reply(exchange, 302, "");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchWhenHostIsLoopbackThenRefusedByDefault() {
        ClientMetadataFetcher fetcher = new ClientMetadataFetcher(OAuthSettings.defaults(), Clock.systemUTC());

        assertFalse(fetcher.isMetadataUrl(base + "/client.json"), "plain http is not a metadata URL by default");
        OAuthProblem p = assertThrows(OAuthProblem.class, () -> fetcher.fetch(base + "/client.json"));
        assertEquals("invalid_client", p.error());
        assertEquals(0, fetches.get(), "nothing was fetched");
    }

    @Test
    void fetchWhenPrivateHostsAllowedThenCachedAndCappedAndNotRedirected() {
        ClientMetadataFetcher fetcher = new ClientMetadataFetcher(privateAllowed(), Clock.systemUTC());

        fetcher.fetch(base + "/client.json");
        fetcher.fetch(base + "/client.json");

        assertEquals(1, fetches.get(), "the second fetch came from the cache");
        assertThrows(OAuthProblem.class, () -> fetcher.fetch(base + "/huge.json"));
        assertThrows(OAuthProblem.class, () -> fetcher.fetch(base + "/moved.json"));
    }

    @Test
    void isPublicWhenPrivateLoopbackLinkLocalOrCarrierNatThenFalse() throws Exception {
        for (String a : new String[]{"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1"}) {
            assertFalse(ClientMetadataFetcher.isPublic(InetAddress.getByName(a)), a);
        }
        assertTrue(ClientMetadataFetcher.isPublic(InetAddress.getByName("93.184.216.34")));
        assertTrue(ClientMetadataFetcher.isPublic(InetAddress.getByName("2606:4700::1111")));
    }

    private static OAuthSettings privateAllowed() {
        OAuthSettings d = OAuthSettings.defaults();
        return new OAuthSettings(d.codeTtl(), d.accessTokenTtl(), d.refreshTokenTtl(), d.refreshGrace(),
                d.unusedRegistrationTtl(), d.metadataMaxBytes(), Duration.ofMinutes(10), d.metadataTimeout(), true,
                d.maxUnusedRegistrations(), d.registrationsPerAddressPerMinute());
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
