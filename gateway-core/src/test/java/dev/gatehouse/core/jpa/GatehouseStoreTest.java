package dev.gatehouse.core.jpa;

import dev.gatehouse.core.Eventually;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.token.ApiTokenFormat;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stores over a real H2 database through EclipseLink, as the embedded default runs them. */
class GatehouseStoreTest {
    private EntityManagerFactory emf;
    private Gatehouse gatehouse;

    @BeforeEach
    void start() {
        emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        GatehouseSettings settings = new GatehouseSettings("node-a", new byte[32], SecretBox.newEncodedKey(),
                Duration.ofSeconds(5), GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of());
        gatehouse = Gatehouse.start(settings, new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
    }

    @AfterEach
    void stop() {
        gatehouse.close();
    }

    private Gateway quickstart() {
        UpstreamServer demo = gatehouse.catalog().createServer(new NewServer("Demo", "demo", "http://localhost:9/mcp",
                "Authorization", "Bearer upstream-secret", null, null), "admin");
        return gatehouse.catalog().createGateway(new NewGateway("Quickstart", "quickstart", null,
                List.of(new NewGateway.Assignment(demo.id(), null))), "admin");
    }

    @Test
    void issuedTokenAuthenticatesForItsGatewayUntilTheConnectionIsDeleted() {
        quickstart();
        Host host = gatehouse.hosts().createHost(new NewHost("CI bot", HostKind.TOKEN, null), "admin");
        IssuedConnection issued = gatehouse.connections().connect(host.id(), "quickstart", null, "alice");

        var parsed = ApiTokenFormat.parse(issued.token()).orElseThrow();
        var granted = assertInstanceOf(Authentication.Granted.class, gatehouse.authenticator().authenticate(parsed));
        assertEquals("quickstart", granted.grant().gatewaySlug());
        assertEquals("alice", granted.grant().issuedBy());
        assertEquals("CI bot", granted.grant().hostName());

        assertTrue(gatehouse.connections().deleteConnection(issued.connection().id(), "admin"));
        var refused = assertInstanceOf(Authentication.Refused.class, gatehouse.authenticator().authenticate(parsed));
        assertEquals(Authentication.Reason.REVOKED, refused.reason());
        assertTrue(gatehouse.connections().connections(host.id()).isEmpty());
    }

    @Test
    void deletingTheHostRevokesEveryConnection() {
        quickstart();
        Host host = gatehouse.hosts().createHost(new NewHost("Cron", HostKind.TOKEN, null), "admin");
        var a = ApiTokenFormat.parse(gatehouse.connections().connect(host.id(), "quickstart", null, "alice").token()).orElseThrow();
        var b = ApiTokenFormat.parse(gatehouse.connections().connect(host.id(), "quickstart", null, "bob").token()).orElseThrow();

        assertTrue(gatehouse.hosts().deleteHost(host.id(), "admin"));

        assertInstanceOf(Authentication.Refused.class, gatehouse.authenticator().authenticate(a));
        assertInstanceOf(Authentication.Refused.class, gatehouse.authenticator().authenticate(b));
        assertTrue(gatehouse.hosts().host(host.id()).isEmpty());
    }

    @Test
    void expiredTokenIsRefusedAsExpired() throws InterruptedException {
        quickstart();
        Host host = gatehouse.hosts().createHost(new NewHost("Soon", HostKind.TOKEN, null), "admin");
        // long enough to be checked once before it expires on a loaded machine (300 ms was not: a race)
        Instant expiry = Instant.now().plusSeconds(2);
        var issued = gatehouse.connections().connect(host.id(), "quickstart", expiry, "alice");
        var parsed = ApiTokenFormat.parse(issued.token()).orElseThrow();
        var before = gatehouse.authenticator().authenticate(parsed);
        if (Instant.now().isBefore(expiry)) {
            assertInstanceOf(Authentication.Granted.class, before);
        }
        var refused = assertInstanceOf(Authentication.Refused.class, Eventually.await(
                () -> gatehouse.authenticator().authenticate(parsed), a -> a instanceof Authentication.Refused,
                "the token refused once its 2 s passed"));
        assertEquals(Authentication.Reason.EXPIRED, refused.reason());
    }

    @Test
    void aTokenWithTheRightShapeButAnotherSecretIsRefused() {
        quickstart();
        Host host = gatehouse.hosts().createHost(new NewHost("Bot", HostKind.TOKEN, null), "admin");
        var issued = ApiTokenFormat.parse(gatehouse.connections().connect(host.id(), "quickstart", null, "alice").token()).orElseThrow();
        String forged = new ApiTokenFormat().newToken(issued.publicId());
        var refused = assertInstanceOf(Authentication.Refused.class,
                gatehouse.authenticator().authenticate(ApiTokenFormat.parse(forged).orElseThrow()));
        assertEquals(Authentication.Reason.WRONG_SECRET, refused.reason());
    }

    @Test
    void connectingToAnUnknownGatewayIsRefusedAndWritesNothing() {
        Host host = gatehouse.hosts().createHost(new NewHost("Bot", HostKind.TOKEN, null), "admin");
        RequestRejected e = assertThrows(RequestRejected.class,
                () -> gatehouse.connections().connect(host.id(), "nope", null, "alice"));
        assertEquals(RequestRejected.Reason.INVALID, e.reason());
        assertTrue(gatehouse.connections().connections(host.id()).isEmpty());
    }

    @Test
    void duplicateHostNamesAreRefused() {
        gatehouse.hosts().createHost(new NewHost("Bot", HostKind.TOKEN, null), "admin");
        assertThrows(RequestRejected.class,
                () -> gatehouse.hosts().createHost(new NewHost("bot", HostKind.TOKEN, null), "admin"));
        assertEquals(1, gatehouse.hosts().hosts().size());
    }

    @Test
    void upstreamCredentialIsSealedAtRestAndOpenedForUse() { // the server's shared identity (V18)
        quickstart();
        String stored = gatehouse.inTransaction(em -> (String) em.createNativeQuery(
                "select i.secret_sealed from gh_upstream_identity i join gh_upstream_server s on s.id = i.server_id"
                        + " where s.slug = 'demo' and i.owner is null").getSingleResult());
        assertFalse(stored.contains("upstream-secret"));
        assertEquals("Bearer upstream-secret", gatehouse.catalog().server("demo").orElseThrow().authSecret());
    }

    @Test
    void auditRecordsAreChainedAndReadNewestFirst() {
        var first = gatehouse.audit().appendDurably(AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED)
                .correlationId("c1").tool("echo").build());
        var second = gatehouse.audit().appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS)
                .correlationId("c1").tool("echo").durationMicros(1500L).build());

        assertNull(first.previousHash());
        assertEquals(first.hash(), second.previousHash());
        assertEquals(first.nodeSequence() + 1, second.nodeSequence());
        List<AuditEvent> newest = gatehouse.audit().query(AuditQuery.newest(10));
        assertEquals(List.of(second.id(), first.id()), newest.stream().map(AuditEvent::id).toList());
        assertEquals(second, newest.get(0));
    }

    @Test
    void auditQueryWhenHostGivenThenMatchesHostIdOrNameIgnoringCase() {
        var bot = gatehouse.audit().appendDurably(AuditEvent.builder(AuditKind.LIST, Outcome.SUCCESS)
                .hostId("h-1").hostName("CI bot").build());
        gatehouse.audit().appendDurably(AuditEvent.builder(AuditKind.LIST, Outcome.SUCCESS)
                .hostId("h-2").hostName("Cron").build());

        for (String host : List.of("h-1", "CI bot", "ci BOT")) {
            var found = gatehouse.audit().query(new AuditQuery(null, null, null, null, null, null, null, null, null,
                    null, null, 10, host));
            assertEquals(List.of(bot.id()), found.stream().map(AuditEvent::id).toList(), host);
        }
    }
}
