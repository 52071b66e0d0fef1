package dev.gatehouse.core.oauth;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.net.OutboundHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    void fetchWhenTheNameResolvesToAnAddressCarryingAPrivateIpv4OrBenchmarkingThenRefusedAndNothingFetched() {
        for (String address : new String[]{"64:ff9b::7f00:1", "::127.0.0.1", "2002:7f00:1::1", "198.18.0.1",
                "2001:0:4136:e378:8000:63bf:80ff:fffe", "::ffff:10.0.0.1"}) {
            ClientMetadataFetcher fetcher = new ClientMetadataFetcher(OAuthSettings.defaults(), Clock.systemUTC(),
                    new OutboundHttp(false, host -> List.of(InetAddress.getByName(address))));

            OAuthProblem p = assertThrows(OAuthProblem.class, () -> fetcher.fetch("https://client.example/client.json"));

            assertTrue(p.description().contains("non-public address"), address + ": " + p.description());
        }
        assertEquals(0, fetches.get(), "nothing was fetched");
    }

    @Test
    void fetchWhenOneOfSeveralResolvedAddressesIsPrivateThenRefused() {
        ClientMetadataFetcher fetcher = new ClientMetadataFetcher(OAuthSettings.defaults(), Clock.systemUTC(),
                new OutboundHttp(false, host -> List.of(InetAddress.getByName("93.184.216.34"),
                        InetAddress.getByName("169.254.169.254"))));

        OAuthProblem p = assertThrows(OAuthProblem.class, () -> fetcher.fetch("https://client.example/client.json"));

        assertTrue(p.description().contains("non-public address"), p.description());
    }

    @Test
    void fetchWhenTheNameRebindsAfterTheCheckThenTheConnectionGoesToTheCheckedAddress() {
        AtomicInteger lookups = new AtomicInteger();
        // the first answer is checked and used; a rebinding DNS server would answer differently afterwards
        OutboundHttp http = new OutboundHttp(true, host -> List.of(InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.255.255.1")));
        ClientMetadataFetcher fetcher = new ClientMetadataFetcher(privateAllowed(), Clock.systemUTC(), http);
        String port = base.substring(base.lastIndexOf(':'));

        fetcher.fetch("http://rebinding.example" + port + "/client.json");

        assertEquals(1, fetches.get(), "served by the checked address");
        assertEquals(1, lookups.get(), "the name was resolved once, for the check and the connection both");
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
