package dev.gatehouse.core.oauth;

import dev.gatehouse.core.SettableClock;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.JpaGatewayCatalog;
import dev.gatehouse.core.jpa.JpaHostDirectory;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authorization server's rules over real H2 through EclipseLink: codes bound and single use, PKCE
 * S256, refresh rotation with its grace window, revocation, consent grants and the interactive host
 * made on first connect. A settable clock stands in for waiting out lifetimes.
 */
class AuthorizationServerTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final String REDIRECT = "http://127.0.0.1:33418/callback";
    private static final String RESOURCE = "https://gw.example/gatehouse/mcp/quickstart";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private final SettableClock clock = new SettableClock(T0);
    private EntityManagerFactory emf;
    private AuthorizationServer server;
    private JpaHostDirectory hosts;

    @BeforeEach
    void start() {
        emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Transactions tx = new ResourceLocalTransactions(emf);
        JpaGatewayCatalog catalog = new JpaGatewayCatalog(tx, SecretBox.fromBase64(SecretBox.newEncodedKey()), clock);
        UpstreamServer demo = catalog.createServer(new NewServer("Demo", "demo", "http://localhost:9/mcp", null, null,
                null, null), "admin");
        for (String slug : List.of("quickstart", "other")) {
            catalog.createGateway(new NewGateway(slug, slug, null, List.of(new NewGateway.Assignment(demo.id(), null))), "admin");
        }
        server = new AuthorizationServer(tx, clock, OAuthSettings.defaults());
        hosts = new JpaHostDirectory(tx, clock);
    }

    @AfterEach
    void stop() {
        emf.close();
    }

    @Test
    void codeFlowWhenEverythingMatchesThenTokenOpensTheGatewayAsTheUserAndInteractiveHost() {
        OAuthClient client = register("Claude Code");

        IssuedTokens tokens = server.exchangeCode(client.clientId(), approvedCode(client, "alice"), REDIRECT, VERIFIER, RESOURCE);

        assertTrue(tokens.accessToken().startsWith("gho_"));
        assertTrue(tokens.refreshToken().startsWith("ghr_"));
        assertEquals("mcp", tokens.scope());
        TokenGrant grant = granted(tokens.accessToken());
        assertEquals("quickstart", grant.gatewaySlug());
        assertEquals("alice", grant.issuedBy());
        assertEquals("Claude Code", grant.hostName());
        Host host = hosts.host(grant.hostId()).orElseThrow();
        assertEquals(HostKind.INTERACTIVE, host.kind());
    }

    @Test
    void exchangeWhenVerifierWrongThenInvalidGrant() {
        OAuthClient client = register("c");
        String code = approvedCode(client, "alice");

        OAuthProblem p = assertThrows(OAuthProblem.class, () -> server.exchangeCode(client.clientId(), code, REDIRECT,
                "x".repeat(43), RESOURCE));

        assertEquals("invalid_grant", p.error());
    }

    @Test
    void exchangeWhenCodeReusedThenRefusedAndTheFirstTokensRevoked() {
        OAuthClient client = register("c");
        String code = approvedCode(client, "alice");
        IssuedTokens first = server.exchangeCode(client.clientId(), code, REDIRECT, VERIFIER, RESOURCE);

        OAuthProblem p = assertThrows(OAuthProblem.class,
                () -> server.exchangeCode(client.clientId(), code, REDIRECT, VERIFIER, RESOURCE));

        assertEquals("invalid_grant", p.error());
        assertInstanceOf(Authentication.Refused.class, server.authenticate(first.accessToken()));
    }

    @Test
    void exchangeWhenResourceOrRedirectOrClientDiffersThenRefused() {
        OAuthClient client = register("c");
        OAuthClient other = register("other");

        assertEquals("invalid_target", assertThrows(OAuthProblem.class, () -> server.exchangeCode(client.clientId(),
                approvedCode(client, "alice"), REDIRECT, VERIFIER, "https://gw.example/gatehouse/mcp/other")).error());
        assertEquals("invalid_grant", assertThrows(OAuthProblem.class, () -> server.exchangeCode(client.clientId(),
                approvedCode(client, "alice"), "http://127.0.0.1:9/other", VERIFIER, RESOURCE)).error());
        assertEquals("invalid_grant", assertThrows(OAuthProblem.class, () -> server.exchangeCode(other.clientId(),
                approvedCode(client, "alice"), REDIRECT, VERIFIER, RESOURCE)).error());
    }

    @Test
    void exchangeWhenCodeExpiredThenInvalidGrant() {
        OAuthClient client = register("c");
        String code = approvedCode(client, "alice");
        clock.advance(OAuthSettings.defaults().codeTtl().plusSeconds(1));

        assertEquals("invalid_grant", assertThrows(OAuthProblem.class,
                () -> server.exchangeCode(client.clientId(), code, REDIRECT, VERIFIER, RESOURCE)).error());
    }

    @Test
    void authorizeWhenRedirectNotRegisteredThenRefusedWithoutRedirect() {
        OAuthClient client = register("c");

        assertThrows(OAuthProblem.class, () -> server.clientFor(client.clientId(), "https://evil.example/cb"));
        // loopback redirects match on any port: native clients pick a free one each run
        assertEquals(client, server.clientFor(client.clientId(), "http://127.0.0.1:50123/callback"));
    }

    @Test
    void authorizeWhenPkceMissingOrPlainThenInvalidRequest() {
        OAuthClient client = register("c");

        assertEquals("invalid_request", assertThrows(OAuthProblem.class, () -> server.checkRequest(client, REDIRECT,
                "code", "s", VERIFIER, "plain", RESOURCE, null)).error());
        assertEquals("invalid_target", assertThrows(OAuthProblem.class, () -> server.checkRequest(client, REDIRECT,
                "code", "s", Pkce.challengeOf(VERIFIER), "S256", null, null)).error());
        assertEquals("invalid_scope", assertThrows(OAuthProblem.class, () -> server.checkRequest(client, REDIRECT,
                "code", "s", Pkce.challengeOf(VERIFIER), "S256", RESOURCE, "admin")).error());
    }

    @Test
    void refreshWhenUsedThenRotatedAndTheOldOneReusableWithinTheGraceWindowRevokingNothing() {
        OAuthClient client = register("c");
        IssuedTokens first = server.exchangeCode(client.clientId(), approvedCode(client, "alice"), REDIRECT, VERIFIER, RESOURCE);

        IssuedTokens second = server.refresh(client.clientId(), first.refreshToken(), null);
        IssuedTokens raced = server.refresh(client.clientId(), first.refreshToken(), RESOURCE);

        assertNotEquals(first.refreshToken(), second.refreshToken());
        granted(second.accessToken());
        granted(raced.accessToken());
        granted(first.accessToken()); // reuse within the grace window revokes nothing
        IssuedTokens third = server.refresh(client.clientId(), second.refreshToken(), null);
        granted(third.accessToken());
        granted(raced.accessToken());
    }

    @Test
    void refreshWhenRotatedTokenReplayedAfterTheGraceWindowThenRefusedAndItsWholeFamilyRevoked() {
        OAuthClient client = register("c");
        IssuedTokens first = server.exchangeCode(client.clientId(), approvedCode(client, "alice"), REDIRECT, VERIFIER, RESOURCE);
        IssuedTokens second = server.refresh(client.clientId(), first.refreshToken(), null);
        clock.advance(OAuthSettings.defaults().refreshGrace().plusSeconds(1));
        IssuedTokens newest = server.refresh(client.clientId(), second.refreshToken(), null);
        granted(newest.accessToken());

        OAuthProblem replay = assertThrows(OAuthProblem.class,
                () -> server.refresh(client.clientId(), first.refreshToken(), null));

        assertEquals("invalid_grant", replay.error());
        assertEquals(OAuthTokenFormat.publicId(first.refreshToken()), replay.replayed().orElseThrow().tokenPublicId());
        assertEquals(5, replay.familyRevoked()); // three access tokens, the newest refresh token, second's in its grace
        for (String access : List.of(first.accessToken(), second.accessToken(), newest.accessToken())) {
            assertEquals(Authentication.Reason.REVOKED,
                    assertInstanceOf(Authentication.Refused.class, server.authenticate(access)).reason());
        }
        assertEquals("invalid_grant", assertThrows(OAuthProblem.class,
                () -> server.refresh(client.clientId(), newest.refreshToken(), null)).error());
        assertEquals(0, assertThrows(OAuthProblem.class,
                () -> server.refresh(client.clientId(), first.refreshToken(), null)).familyRevoked());
        AuthorizationRequest again = request(server.clientFor(client.clientId(), REDIRECT));
        assertTrue(server.hasConsent("alice", again)); // the consent stays: the user authorizes again without asking
        granted(server.exchangeCode(client.clientId(), server.approve(again, "alice"), REDIRECT, VERIFIER, RESOURCE)
                .accessToken());
    }

    @Test
    void revokeWhenRefreshTokenThenEveryTokenOfTheGrantRefused() {
        OAuthClient client = register("c");
        IssuedTokens tokens = server.exchangeCode(client.clientId(), approvedCode(client, "alice"), REDIRECT, VERIFIER, RESOURCE);

        server.revoke(tokens.refreshToken(), client.clientId());

        assertInstanceOf(Authentication.Refused.class, server.authenticate(tokens.accessToken()));
        assertThrows(OAuthProblem.class, () -> server.refresh(client.clientId(), tokens.refreshToken(), null));
    }

    @Test
    void consentWhenApprovedThenRememberedUntilTheGrantIsRevoked() {
        OAuthClient client = register("c");
        AuthorizationRequest request = request(client);
        assertFalse(server.hasConsent("alice", request));
        IssuedTokens tokens = server.exchangeCode(client.clientId(), server.approve(request, "alice"), REDIRECT, VERIFIER, RESOURCE);
        assertTrue(server.hasConsent("alice", request));
        assertFalse(server.hasConsent("bob", request));

        ConsentGrant grant = server.grants(Optional.of("alice")).get(0);
        server.revokeGrant(grant.id(), "admin");

        assertFalse(server.hasConsent("alice", request));
        assertEquals(Authentication.Reason.REVOKED,
                ((Authentication.Refused) server.authenticate(tokens.accessToken())).reason());
    }

    @Test
    void hostWhenDisabledThenItsOAuthTokensAreRefusedAtOnce() {
        OAuthClient client = register("c");
        IssuedTokens tokens = server.exchangeCode(client.clientId(), approvedCode(client, "alice"), REDIRECT, VERIFIER, RESOURCE);

        hosts.setDisabled(granted(tokens.accessToken()).hostId(), true);

        assertEquals(Authentication.Reason.HOST_DISABLED,
                ((Authentication.Refused) server.authenticate(tokens.accessToken())).reason());
    }

    @Test
    void hostWhenDeletedThenTokensRefusedAndTheNextApprovalMakesANewHost() {
        OAuthClient client = register("Deleted app");
        IssuedTokens tokens = server.exchangeCode(client.clientId(), approvedCode(client, "alice"), REDIRECT, VERIFIER, RESOURCE);
        String hostId = granted(tokens.accessToken()).hostId();

        hosts.deleteHost(hostId, "admin");

        assertEquals(Authentication.Reason.REVOKED,
                ((Authentication.Refused) server.authenticate(tokens.accessToken())).reason());
        assertFalse(server.hasConsent("alice", request(client)), "consent through a deleted host is gone");
        TokenGrant again = granted(server.exchangeCode(client.clientId(), approvedCode(client, "alice"), REDIRECT, VERIFIER,
                RESOURCE).accessToken());
        assertNotEquals(hostId, again.hostId());
    }

    @Test
    void twoUsersOfOneClientShareTheHostButGetTheirOwnConnections() {
        OAuthClient client = register("Cursor");
        TokenGrant alice = granted(server.exchangeCode(client.clientId(), approvedCode(client, "alice"), REDIRECT, VERIFIER,
                RESOURCE).accessToken());
        TokenGrant bob = granted(server.exchangeCode(client.clientId(), approvedCode(client, "bob"), REDIRECT, VERIFIER,
                RESOURCE).accessToken());

        assertEquals(alice.hostId(), bob.hostId());
        assertNotEquals(alice.connectionId(), bob.connectionId());
    }

    @Test
    void purgeWhenRegistrationNeverConnectedThenDeletedAfterItsLifetime() {
        OAuthClient unused = register("unused");
        OAuthClient used = register("used");
        approvedCode(used, "alice");
        clock.advance(OAuthSettings.defaults().unusedRegistrationTtl().plusHours(1));

        server.purge();

        assertTrue(server.clients().client(unused.clientId()).isEmpty());
        assertTrue(server.clients().client(used.clientId()).isPresent());
    }

    @Test
    void registerWhenRedirectUriDangerousThenInvalidRedirectUri() {
        for (String uri : List.of("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "http://evil.example/cb")) {
            OAuthProblem p = assertThrows(OAuthProblem.class, () -> server.clients().register(
                    new ClientRegistration("x", List.of(uri), null, null, "none")), uri);
            assertEquals("invalid_redirect_uri", p.error(), uri);
        }
        server.clients().register(new ClientRegistration("Cursor", List.of("cursor://anysphere.cursor-mcp/oauth/callback"),
                List.of("authorization_code", "refresh_token"), List.of("code"), "none"));
    }

    private OAuthClient register(String name) {
        return server.clients().register(new ClientRegistration(name, List.of("http://127.0.0.1/callback"), null, null, "none"));
    }

    private AuthorizationRequest request(OAuthClient client) {
        return server.checkRequest(client, REDIRECT, "code", "state-1", Pkce.challengeOf(VERIFIER), "S256", RESOURCE, "mcp");
    }

    private String approvedCode(OAuthClient client, String user) {
        return server.approve(request(server.clientFor(client.clientId(), REDIRECT)), user);
    }

    private TokenGrant granted(String accessToken) {
        return assertInstanceOf(Authentication.Granted.class, server.authenticate(accessToken)).grant();
    }
}
