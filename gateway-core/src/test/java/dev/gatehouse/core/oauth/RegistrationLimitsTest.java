package dev.gatehouse.core.oauth;

import dev.gatehouse.core.SettableClock;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.JpaGatewayCatalog;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authorization server's configurable lifetimes and the bounds on open registration, on a real
 * database with a settable clock instead of waiting.
 */
class RegistrationLimitsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:10Z");
    private static final String REDIRECT = "http://127.0.0.1:33418/callback";
    private static final String RESOURCE = "https://gw.example/gatehouse/mcp/quickstart";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private final SettableClock clock = new SettableClock(T0);
    private EntityManagerFactory emf;
    private Transactions tx;

    @BeforeEach
    void start() {
        emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        tx = new ResourceLocalTransactions(emf);
        JpaGatewayCatalog catalog = new JpaGatewayCatalog(tx, SecretBox.fromBase64(SecretBox.newEncodedKey()), clock);
        UpstreamServer demo = catalog.createServer(new NewServer("Demo", "demo", "http://localhost:9/mcp", null, null,
                null, null), "admin");
        catalog.createGateway(new NewGateway("quickstart", "quickstart", null,
                List.of(new NewGateway.Assignment(demo.id(), null))), "admin");
    }

    @AfterEach
    void stop() {
        emf.close();
    }

    @Test
    void accessTokenWhenLifetimeSetShorterThenRefusedAsExpiredOnceItPassed() {
        OAuthSettings settings = OAuthSettings.defaults().withLifetimes(Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofHours(2), Duration.ofSeconds(10));
        AuthorizationServer server = new AuthorizationServer(tx, clock, settings);
        OAuthClient client = server.clients().register(registration("short"));

        IssuedTokens tokens = server.exchangeCode(client.clientId(), approvedCode(server, client), REDIRECT, VERIFIER, RESOURCE);

        assertEquals(300, tokens.expiresInSeconds());
        clock.advance(Duration.ofSeconds(299));
        assertInstanceOf(Authentication.Granted.class, server.authenticate(tokens.accessToken()));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Authentication.Reason.EXPIRED,
                assertInstanceOf(Authentication.Refused.class, server.authenticate(tokens.accessToken())).reason());
    }

    @Test
    void codeWhenLifetimeSetShorterThenExpiredAfterItAndRefreshGraceFollowsItsSetting() {
        OAuthSettings settings = OAuthSettings.defaults().withLifetimes(Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofHours(2), Duration.ofSeconds(10));
        AuthorizationServer server = new AuthorizationServer(tx, clock, settings);
        OAuthClient client = server.clients().register(registration("short"));
        String late = approvedCode(server, client);
        clock.advance(Duration.ofSeconds(30));
        assertEquals("invalid_grant", assertThrows(OAuthProblem.class,
                () -> server.exchangeCode(client.clientId(), late, REDIRECT, VERIFIER, RESOURCE)).error());

        IssuedTokens first = server.exchangeCode(client.clientId(), approvedCode(server, client), REDIRECT, VERIFIER, RESOURCE);
        server.refresh(client.clientId(), first.refreshToken(), null);
        clock.advance(Duration.ofSeconds(9));
        server.refresh(client.clientId(), first.refreshToken(), null); // within the 10-second grace
        clock.advance(Duration.ofSeconds(1));
        OAuthProblem replay = assertThrows(OAuthProblem.class, () -> server.refresh(client.clientId(), first.refreshToken(), null));
        assertEquals("invalid_grant", replay.error());
        assertEquals(OAuthTokenFormat.publicId(first.refreshToken()), replay.replayed().orElseThrow().tokenPublicId());
    }

    @Test
    void registerWhenUnusedRegistrationsAtTheCapThenTooManyUntilTheOldestIsPastItsLifetime() {
        AuthorizationServer server = new AuthorizationServer(tx, clock, OAuthSettings.defaults().withRegistrationLimits(3, 100));
        OAuthClient used = server.clients().register(registration("used"), "10.0.0.1");
        approvedCode(server, used); // connected: no longer counts as unused
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(10));
            server.clients().register(registration("unused " + i), "10.0.0." + (10 + i));
        }

        OAuthProblem full = assertThrows(OAuthProblem.class,
                () -> server.clients().register(registration("one more"), "10.0.0.99"));

        assertEquals(429, full.status());
        assertEquals("temporarily_unavailable", full.error());
        // the oldest unused one was made 20 minutes ago and is purged after 24 hours
        assertEquals(Duration.ofHours(24).minusMinutes(20).toSeconds() + 1, full.retryAfterSeconds());
        clock.advance(Duration.ofHours(24).minusMinutes(20));
        assertThrows(OAuthProblem.class, () -> server.clients().register(registration("still full"), "10.0.0.99"));
        clock.advance(Duration.ofSeconds(1));
        OAuthClient after = server.clients().register(registration("after"), "10.0.0.99");
        assertTrue(server.clients().client(after.clientId()).isPresent());
        assertTrue(server.clients().client(used.clientId()).isPresent());
    }

    @Test
    void registerWhenOneAddressExceedsItsRateThenTooManyForItAloneUntilTheMinuteTurns() {
        AuthorizationServer server = new AuthorizationServer(tx, clock, OAuthSettings.defaults().withRegistrationLimits(1000, 2));
        server.clients().register(registration("a"), "192.0.2.7");
        server.clients().register(registration("b"), "192.0.2.7");

        OAuthProblem third = assertThrows(OAuthProblem.class, () -> server.clients().register(registration("c"), "192.0.2.7"));

        assertEquals(429, third.status());
        assertEquals(50, third.retryAfterSeconds()); // T0 is 10 s into its minute
        server.clients().register(registration("other address"), "192.0.2.8");
        clock.advance(Duration.ofSeconds(50));
        server.clients().register(registration("next minute"), "192.0.2.7");
    }

    private static ClientRegistration registration(String name) {
        return new ClientRegistration(name, List.of("http://127.0.0.1/callback"), null, null, "none");
    }

    private static String approvedCode(AuthorizationServer server, OAuthClient client) {
        AuthorizationRequest request = server.checkRequest(server.clientFor(client.clientId(), REDIRECT), REDIRECT, "code",
                "state-1", Pkce.challengeOf(VERIFIER), "S256", RESOURCE, "mcp");
        return server.approve(request, "alice");
    }
}
