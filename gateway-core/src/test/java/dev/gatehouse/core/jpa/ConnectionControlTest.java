package dev.gatehouse.core.jpa;

import dev.gatehouse.core.SettableClock;
import dev.gatehouse.core.audit.AuditChain;
import dev.gatehouse.core.audit.AuditWriter;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Connection;
import dev.gatehouse.core.model.ConnectionStatus;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.HostUsage;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.model.RotatedConnection;
import dev.gatehouse.core.model.TokenInfo;
import dev.gatehouse.core.model.TokenIssuer;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.Authentication.Reason;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.token.ParsedToken;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin's controls over tokens, over real H2 through EclipseLink: kill switches on connections and
 * hosts, rotation with a grace period, break-glass revocation by issuer, usage figures and export scans.
 * A settable clock stands in for waiting out grace periods.
 */
class ConnectionControlTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private EntityManagerFactory emf;
    private JpaHostDirectory hosts;
    private JpaConnectionRegistry connections;
    private JpaTokenAuthenticator authenticator;
    private LastUsedRecorder lastUsed;
    private AuditWriter audit;

    @BeforeEach
    void start() {
        emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Transactions tx = new ResourceLocalTransactions(emf);
        hosts = new JpaHostDirectory(tx, clock);
        connections = new JpaConnectionRegistry(tx, new ApiTokenFormat(), clock);
        lastUsed = new LastUsedRecorder(tx);
        authenticator = new JpaTokenAuthenticator(tx, clock, lastUsed);
        audit = new AuditWriter(tx, new AuditChain(new byte[32]), "node-a", Duration.ofSeconds(5));
        JpaGatewayCatalog catalog = new JpaGatewayCatalog(tx, SecretBox.fromBase64(SecretBox.newEncodedKey()), clock);
        UpstreamServer demo = catalog.createServer(new NewServer("Demo", "demo", "http://localhost:9/mcp", null, null,
                null, null), "admin");
        catalog.createGateway(new NewGateway("Quickstart", "quickstart", null,
                List.of(new NewGateway.Assignment(demo.id(), null))), "admin");
    }

    @AfterEach
    void stop() {
        audit.close();
        emf.close();
    }

    @Test
    void disableConnectionWhenTokenValidThenRefusedUntilEnabledAgain() {
        IssuedConnection issued = connect(host("CI bot"), "alice");
        ParsedToken token = parse(issued.token());

        Connection disabled = connections.setDisabled(issued.connection().id(), true).orElseThrow();

        assertTrue(disabled.disabled());
        assertEquals(ConnectionStatus.DISABLED, disabled.status());
        assertEquals(Reason.CONNECTION_DISABLED, refusal(token));
        Connection enabled = connections.setDisabled(issued.connection().id(), false).orElseThrow();
        assertFalse(enabled.disabled());
        assertEquals(ConnectionStatus.ACTIVE, enabled.status());
        assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(token));
    }

    @Test
    void disableConnectionWhenDeletedOrUnknownThenEmpty() {
        IssuedConnection issued = connect(host("CI bot"), "alice");
        connections.deleteConnection(issued.connection().id(), "admin");

        assertTrue(connections.setDisabled(issued.connection().id(), true).isEmpty());
        assertTrue(connections.setDisabled("no-such-id", true).isEmpty());
        assertTrue(connections.setDisabled(null, true).isEmpty());
    }

    @Test
    void disableHostWhenSeveralConnectionsThenAllRefusedAtOnceAndBackWhenEnabled() {
        Host host = host("Cron");
        ParsedToken a = parse(connect(host, "alice").token());
        ParsedToken b = parse(connect(host, "bob").token());
        ParsedToken other = parse(connect(host("Other"), "alice").token());

        Host disabled = hosts.setDisabled(host.id(), true).orElseThrow();

        assertTrue(disabled.disabled());
        assertEquals(Reason.HOST_DISABLED, refusal(a));
        assertEquals(Reason.HOST_DISABLED, refusal(b));
        assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(other));
        assertTrue(connections.connections(host.id()).stream().allMatch(c -> c.status() == ConnectionStatus.HOST_DISABLED));
        assertFalse(hosts.setDisabled(host.id(), false).orElseThrow().disabled());
        assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(a));
        assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(b));
    }

    @Test
    void disableHostWhenDeletedThenEmpty() {
        Host host = host("Gone");
        hosts.deleteHost(host.id(), "admin");

        assertTrue(hosts.setDisabled(host.id(), true).isEmpty());
    }

    @Test
    void rotateWhenNoGraceThenOldTokenRevokedAtOnceAndNewOneWorks() {
        IssuedConnection issued = connect(host("CI bot"), "alice");
        ParsedToken old = parse(issued.token());
        clock.advance(Duration.ofMinutes(1));

        RotatedConnection rotated = connections.rotate(issued.connection().id(), Duration.ZERO, null, "bob");

        ParsedToken fresh = parse(rotated.token());
        assertEquals(Reason.REVOKED, refusal(old));
        Authentication.Granted granted = assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(fresh));
        assertEquals("bob", granted.grant().issuedBy());
        assertEquals(issued.connection().id(), granted.grant().connectionId());
        assertEquals(ApiTokenFormat.displayPrefix(fresh.publicId()), rotated.connection().tokenPrefix());
        assertEquals(issued.connection().tokenPrefix(), rotated.previousTokenPrefix());
        assertEquals(clock.instant(), rotated.previousValidUntil());
        assertNull(rotated.connection().previousTokenValidUntil());
        assertEquals(ConnectionStatus.ACTIVE, rotated.connection().status());
    }

    @Test
    void rotateWhenGraceGivenThenOldTokenValidUntilItEnds() {
        IssuedConnection issued = connect(host("CI bot"), "alice");
        ParsedToken old = parse(issued.token());

        RotatedConnection rotated = connections.rotate(issued.connection().id(), Duration.ofHours(1), null, "alice");

        Instant end = T0.plus(Duration.ofHours(1));
        assertEquals(end, rotated.previousValidUntil());
        assertEquals(end, connections.connection(issued.connection().id()).orElseThrow().previousTokenValidUntil());
        assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(old));
        assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(parse(rotated.token())));
        clock.set(end.minusMillis(1));
        assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(old));
        clock.set(end);
        assertEquals(Reason.REVOKED, refusal(old));
        assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(parse(rotated.token())));
        assertNull(connections.connection(issued.connection().id()).orElseThrow().previousTokenValidUntil());
    }

    @Test
    void rotateTwiceWhenFirstGraceRunningThenItIsNotLengthened() {
        IssuedConnection issued = connect(host("CI bot"), "alice");
        ParsedToken first = parse(issued.token());
        connections.rotate(issued.connection().id(), Duration.ofMinutes(10), null, "alice");
        clock.advance(Duration.ofMinutes(5));

        RotatedConnection again = connections.rotate(issued.connection().id(), Duration.ofHours(1), null, "alice");

        clock.advance(Duration.ofMinutes(6));
        assertEquals(Reason.REVOKED, refusal(first));
        List<TokenInfo> tokens = connections.tokens(issued.connection().id());
        assertEquals(3, tokens.size());
        assertEquals(again.connection().tokenPrefix(), tokens.get(0).tokenPrefix());
        assertEquals(List.of(false, true, true), tokens.stream().map(TokenInfo::replaced).toList());
        assertEquals(List.of(true, true, false), tokens.stream().map(TokenInfo::valid).toList());
        assertEquals(T0.plus(Duration.ofMinutes(10)), tokens.get(2).revokedAt());
    }

    @Test
    void rotateWhenExpiryNotGivenThenCurrentExpiryKeptElseReplaced() {
        Host host = host("Expiring");
        Instant expiry = T0.plus(Duration.ofDays(7));
        IssuedConnection issued = connections.connect(host.id(), "quickstart", expiry, "alice");

        RotatedConnection kept = connections.rotate(issued.connection().id(), Duration.ZERO, null, "alice");
        RotatedConnection changed = connections.rotate(issued.connection().id(), Duration.ZERO, expiry.plusSeconds(60),
                "alice");

        assertEquals(expiry, kept.connection().tokenExpiresAt());
        assertEquals(expiry.plusSeconds(60), changed.connection().tokenExpiresAt());
    }

    @Test
    void rotateWhenGraceOutOfRangeOrExpiryPastOrConnectionUnknownThenRejectedAndNothingIssued() {
        IssuedConnection issued = connect(host("CI bot"), "alice");
        String id = issued.connection().id();

        assertEquals(RequestRejected.Reason.INVALID, assertThrows(RequestRejected.class,
                () -> connections.rotate(id, Duration.ofSeconds(-1), null, "alice")).reason());
        assertEquals(RequestRejected.Reason.INVALID, assertThrows(RequestRejected.class,
                () -> connections.rotate(id, Duration.ofDays(31), null, "alice")).reason());
        assertEquals(RequestRejected.Reason.INVALID, assertThrows(RequestRejected.class,
                () -> connections.rotate(id, Duration.ZERO, T0, "alice")).reason());
        assertEquals(RequestRejected.Reason.NOT_FOUND, assertThrows(RequestRejected.class,
                () -> connections.rotate("nope", Duration.ZERO, null, "alice")).reason());
        assertEquals(1, connections.tokens(id).size());
        assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(parse(issued.token())));
    }

    @Test
    void rotateWhenTokenRevokedByBreakGlassThenNewTokenIssuedAndNoGraceReported() {
        IssuedConnection issued = connect(host("CI bot"), "mallory");
        connections.revokeTokensIssuedBy("mallory", "admin");
        assertEquals(ConnectionStatus.REVOKED, connections.connection(issued.connection().id()).orElseThrow().status());

        RotatedConnection rotated = connections.rotate(issued.connection().id(), Duration.ofHours(1), null, "admin");

        assertNull(rotated.previousValidUntil());
        assertNull(rotated.previousTokenPrefix());
        assertEquals(ConnectionStatus.ACTIVE, rotated.connection().status());
        assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(parse(rotated.token())));
    }

    @Test
    void revokeTokensIssuedByWhenUserGeneratedSomeThenExactlyThoseRevokedAcrossHosts() {
        Host ci = host("CI bot");
        Host cron = host("Cron");
        ParsedToken a = parse(connect(ci, "mallory").token());
        IssuedConnection inGrace = connect(cron, "mallory");
        ParsedToken b = parse(connections.rotate(inGrace.connection().id(), Duration.ofHours(1), null, "mallory").token());
        ParsedToken graced = parse(inGrace.token());
        ParsedToken alices = parse(connect(ci, "alice").token());
        assertEquals(List.of(new TokenIssuer("alice", 1), new TokenIssuer("mallory", 3)), connections.tokenIssuers());

        int revoked = connections.revokeTokensIssuedBy("mallory", "admin");

        assertEquals(3, revoked);
        assertEquals(Reason.REVOKED, refusal(a));
        assertEquals(Reason.REVOKED, refusal(b));
        assertEquals(Reason.REVOKED, refusal(graced));
        assertInstanceOf(Authentication.Granted.class, authenticator.authenticate(alices));
        assertEquals(List.of(new TokenIssuer("alice", 1)), connections.tokenIssuers());
        assertEquals(0, connections.revokeTokensIssuedBy("mallory", "admin"));
        assertEquals(RequestRejected.Reason.INVALID, assertThrows(RequestRejected.class,
                () -> connections.revokeTokensIssuedBy(" ", "admin")).reason());
    }

    @Test
    void usageWhenTokensUsedThenCountsLiveConnectionsAndLatestUse() {
        Host ci = host("CI bot");
        Host idle = host("Idle");
        ParsedToken a = parse(connect(ci, "alice").token());
        connect(ci, "alice");
        IssuedConnection gone = connect(ci, "alice");
        connect(idle, "alice");
        connections.deleteConnection(gone.connection().id(), "admin");
        host("Never connected");
        clock.advance(Duration.ofMinutes(3));
        authenticator.authenticate(a);
        lastUsed.flush();

        Map<String, HostUsage> usage = hosts.usage();

        assertEquals(new HostUsage(ci.id(), 2, T0.plus(Duration.ofMinutes(3))), usage.get(ci.id()));
        assertEquals(new HostUsage(idle.id(), 1, null), usage.get(idle.id()));
        assertEquals(2, usage.size());
        assertEquals(T0.plus(Duration.ofMinutes(3)), connections.connections(ci.id()).stream()
                .filter(c -> c.tokenPrefix().equals(ApiTokenFormat.displayPrefix(a.publicId()))).findFirst()
                .orElseThrow().lastUsedAt());
    }

    @Test
    void scanWhenMoreRecordsThanOnePageThenAllNewestFirstWithoutRepeats() {
        for (int i = 0; i < 1203; i++) {
            audit.append(AuditEvent.builder(AuditKind.LIST, Outcome.SUCCESS).time(T0.plusSeconds(i / 3))
                    .tool(i % 2 == 0 ? "echo" : "add").build());
        }
        audit.appendDurably(AuditEvent.builder(AuditKind.LIST, Outcome.SUCCESS).time(T0).tool("add").build());
        List<AuditEvent> seen = new ArrayList<>();

        long count = audit.scan(filter(null), 10_000, seen::add);

        assertEquals(1204, count);
        assertEquals(1204, new HashSet<>(seen.stream().map(AuditEvent::id).toList()).size());
        for (int i = 1; i < seen.size(); i++) {
            AuditEvent newer = seen.get(i - 1);
            AuditEvent older = seen.get(i);
            assertTrue(newer.time().isAfter(older.time())
                    || newer.time().equals(older.time()) && newer.id() > older.id(), "order at " + i);
        }
        assertEquals(600, audit.scan(filter(null), 600, e -> { }));
        assertEquals(602, audit.scan(new AuditQuery(null, null, null, "echo", null, null, null, null, null, null, null,
                1, null), 10_000, e -> { }));
    }

    @Test
    void queryWhenTokenPublicIdsGivenThenOnlyTheirRecordsAndNoneForAnEmptyList() {
        AuditEvent a = audit.appendDurably(AuditEvent.builder(AuditKind.LIST, Outcome.SUCCESS).tokenPublicId("Aaaa1111").build());
        AuditEvent b = audit.appendDurably(AuditEvent.builder(AuditKind.LIST, Outcome.SUCCESS).tokenPublicId("Bbbb2222").build());
        audit.appendDurably(AuditEvent.builder(AuditKind.LIST, Outcome.SUCCESS).tokenPublicId("Cccc3333").build());

        assertEquals(List.of(b.id(), a.id()), audit.query(filter(List.of("Aaaa1111", "Bbbb2222"))).stream()
                .map(AuditEvent::id).toList());
        assertTrue(audit.query(filter(List.of())).isEmpty());
        assertEquals(3, audit.query(filter(null)).size());
    }

    private static AuditQuery filter(List<String> tokenPublicIds) {
        return new AuditQuery(null, null, null, null, null, null, null, null, null, null, null, 100, null,
                tokenPublicIds);
    }

    private Host host(String name) {
        return hosts.createHost(new NewHost(name, HostKind.TOKEN, null), "admin");
    }

    private IssuedConnection connect(Host host, String user) {
        return connections.connect(host.id(), "quickstart", null, user);
    }

    private static ParsedToken parse(String token) {
        return ApiTokenFormat.parse(token).orElseThrow();
    }

    private Reason refusal(ParsedToken token) {
        return assertInstanceOf(Authentication.Refused.class, authenticator.authenticate(token)).reason();
    }
}
