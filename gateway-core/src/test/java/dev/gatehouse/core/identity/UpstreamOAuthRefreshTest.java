package dev.gatehouse.core.identity;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.JpaIdentityStore;
import dev.gatehouse.core.jpa.JpaUpstreamGrants;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.store.NewServer;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refresh of an upstream OAuth identity against a real HTTP token endpoint that rotates refresh tokens and
 * refuses a reused one (RFC 6749 section 6, OAuth 2.1 rotation): an identity about to expire is refreshed
 * before use, with the rotated refresh token next time; eight requests (two Gatehouse nodes sharing one
 * database) needing it at once send one refresh; a refused refresh marks it {@code needs-reauthorization}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamOAuthRefreshTest {
    private final String key = SecretBox.newEncodedKey();
    private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    /** refresh token -> the tokens issued for it; a refresh token is good once (rotation). */
    private final Map<String, Boolean> liveRefresh = new ConcurrentHashMap<>();
    private final List<String> refreshesSeen = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private HttpServer authorizationServer;
    private Gatehouse nodeA;
    private Gatehouse nodeB;
    private JpaUpstreamGrants grants;
    private String serverId;

    @BeforeAll
    void start() throws IOException {
        authorizationServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        authorizationServer.setExecutor(Executors.newFixedThreadPool(4));
        authorizationServer.createContext("/token", exchange -> {
            Map<String, String> form = Arrays.stream(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    .split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0],
                    p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
            String refresh = form.get("refresh_token");
            refreshesSeen.add(refresh);
            sleep(150); // a slow authorization server: concurrent refreshes would overlap here
            byte[] body;
            int status;
            if ("refresh_token".equals(form.get("grant_type")) && "gh-client".equals(form.get("client_id"))
                    && liveRefresh.remove(refresh) != null) {
                int n = issued.incrementAndGet();
                liveRefresh.put("r" + n, true);
                status = 200;
                body = ("{\"access_token\":\"a" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"r" + n
                        + "\",\"scope\":\"mcp:tools\"}").getBytes(StandardCharsets.UTF_8);
            } else {
                status = 400;
                body = "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        authorizationServer.start();
        System.setProperty("gatehouse.upstream-oauth-allow-private-hosts", "true");
        try {
            nodeA = node("node-a");
            nodeB = node("node-b");
        } finally {
            System.clearProperty("gatehouse.upstream-oauth-allow-private-hosts");
        }
        EntityManagerFactory emf = GatehousePersistence.open(url, "sa", "");
        grants = new JpaUpstreamGrants(new ResourceLocalTransactions(emf), SecretBox.fromBase64(key), Clock.systemUTC(),
                (JpaIdentityStore) nodeA.identities());
        UpstreamServer server = nodeA.catalog().createServer(new NewServer("Tracker", "tracker", "http://127.0.0.1:9/mcp",
                null, null, null, null), "admin");
        serverId = server.id();
    }

    private Gatehouse node(String id) {
        EntityManagerFactory emf = GatehousePersistence.open(url, "sa", "");
        GatehouseSettings settings = new GatehouseSettings(id, new byte[32], key, Duration.ofSeconds(5),
                GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of());
        return Gatehouse.start(settings, new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
    }

    @AfterAll
    void stop() {
        nodeA.close();
        nodeB.close();
        authorizationServer.stop(0);
    }

    /** Stores a grant for {@code owner} that expires in 10 s, with a live refresh token. */
    private UpstreamIdentity expiringGrant(String owner, String refresh) {
        liveRefresh.put(refresh, true);
        String tokenEndpoint = "http://127.0.0.1:" + authorizationServer.getAddress().getPort() + "/token";
        OAuthClientConfig client = new OAuthClientConfig(new AuthorizationServerInfo("http://127.0.0.1", "http://127.0.0.1/authorize",
                tokenEndpoint, null, null, "http://127.0.0.1:9/mcp", "mcp:tools"), "gh-client", null, "http://localhost/cb", true);
        return grants.store(serverId, owner, new IssuedTokens("old-" + owner, refresh, Instant.now().plusSeconds(10), "mcp:tools",
                null), client, owner).identity();
    }

    private IdentityStore.Standing standing(Gatehouse node, String id) {
        return node.identities().standing(id).orElseThrow();
    }

    @Test
    void freshWhenTheAccessTokenIsAboutToExpireThenRefreshedAndTheRotatedRefreshTokenIsUsedNext() {
        UpstreamIdentity identity = expiringGrant("alice", "alice-r0");

        IdentityStore.Standing fresh = nodeA.upstreamOAuth().fresh(standing(nodeA, identity.id()));

        assertTrue(fresh.credential().value().matches("Bearer a\\d+"), fresh.credential().value());
        assertEquals(UpstreamIdentity.Status.ACTIVE, fresh.identity().status());
        assertTrue(fresh.identity().expiresAt().isAfter(Instant.now().plusSeconds(3000)));
        String rotated = "r" + fresh.credential().value().substring("Bearer a".length());
        assertTrue(liveRefresh.containsKey(rotated), "the rotated refresh token is the one kept");
        assertEquals(fresh, nodeA.upstreamOAuth().fresh(fresh), "a fresh token is used as it is");
    }

    @Test
    void refreshWhenEightRequestsOnTwoNodesNeedItAtOnceThenOneRefreshIsSent() throws Exception {
        UpstreamIdentity identity = expiringGrant("bob", "bob-r0");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Gatehouse node = i % 2 == 0 ? nodeA : nodeB;
            results.add(pool.submit(() -> {
                go.await();
                return node.upstreamOAuth().fresh(standing(node, identity.id())).credential().value();
            }));
        }
        go.countDown();
        List<String> credentials = new ArrayList<>();
        for (Future<String> f : results) {
            credentials.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertEquals(1, refreshesSeen.stream().filter("bob-r0"::equals).count(), "one refresh for eight requests");
        assertEquals(1, credentials.stream().distinct().count(), credentials.toString());
        assertTrue(credentials.get(0).matches("Bearer a\\d+"), credentials.toString());
    }

    @Test
    void refreshWhenTheAuthorizationServerRefusesThenTheIdentityNeedsReauthorization() {
        UpstreamIdentity identity = expiringGrant("carol", "carol-r0");
        liveRefresh.remove("carol-r0"); // revoked at the authorization server

        IdentityStore.Standing after = nodeA.upstreamOAuth().fresh(standing(nodeA, identity.id()));

        assertEquals(UpstreamIdentity.Status.NEEDS_REAUTHORIZATION, after.identity().status());
        assertEquals(Optional.of(UpstreamIdentity.Status.NEEDS_REAUTHORIZATION),
                nodeB.identities().find(identity.id()).map(UpstreamIdentity::status));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
