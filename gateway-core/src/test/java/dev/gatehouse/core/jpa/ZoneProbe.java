package dev.gatehouse.core.jpa;

import dev.gatehouse.core.SettableClock;
import dev.gatehouse.core.audit.AuditChain;
import dev.gatehouse.core.audit.AuditVerification;
import dev.gatehouse.core.audit.AuditVerifier;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.core.token.ApiTokenFormat;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Collectors;

/**
 * One Gatehouse node in a JVM of its own, whose default time zone the test chooses ({@code -Duser.timezone}):
 * {@code write} issues a token expiring at a known instant and writes audit records at known instants;
 * {@code legacy} writes audit records as the builds before V5 did (a {@code TIMESTAMP} through the JVM's zone)
 * into a database at version 4, then migrates it; {@code check} verifies the chain, reads the times back and
 * checks the token's expiry. Prints {@code key=value} lines for {@link StoredTimesTest}.
 */
public final class ZoneProbe {
    static final Instant T0 = Instant.parse("2026-07-01T12:00:00.123456Z");
    static final Instant EXPIRY = T0.plus(Duration.ofHours(1));
    static final byte[] CHAIN_KEY = new byte[32];
    static final String SEALING_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private ZoneProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        String user = args[2];
        System.out.println("zone=" + TimeZone.getDefault().getID());
        switch (mode) {
            case "write" -> write(url, user);
            case "legacy" -> legacy(url, user);
            case "check" -> check(url, user, args.length > 3 ? args[3] : null);
            default -> throw new IllegalArgumentException(mode);
        }
        System.exit(0); // the node's background threads are daemons or pools: do not wait for them
    }

    private static Gatehouse node(EntityManagerFactory emf, SettableClock clock, String nodeId) {
        return Gatehouse.start(new GatehouseSettings(nodeId, CHAIN_KEY, SEALING_KEY, Duration.ofSeconds(10),
                GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of()), new ResourceLocalTransactions(emf), clock, emf::close);
    }

    private static void write(String url, String user) {
        EntityManagerFactory emf = GatehousePersistence.open(url, user, "");
        SettableClock clock = new SettableClock(T0);
        Gatehouse node = node(emf, clock, "node-writer");
        var server = node.catalog().createServer(new NewServer("Demo", "demo", "http://localhost:9/mcp", null, null, null,
                null), "admin");
        node.catalog().createGateway(new NewGateway("Quickstart", "quickstart", null,
                List.of(new NewGateway.Assignment(server.id(), null))), "admin");
        Host host = node.hosts().createHost(new NewHost("Zone bot", HostKind.TOKEN, null), "admin");
        String token = node.connections().connect(host.id(), "quickstart", EXPIRY, "alice").token();
        for (int i = 0; i < 3; i++) {
            node.audit().appendDurably(AuditEvent.builder(AuditKind.ADMIN_ACTION, Outcome.SUCCESS).actor("admin")
                    .time(T0.plusSeconds(i)).detail("written at T0+" + i).build());
        }
        node.close();
        System.out.println("token=" + token);
    }

    private static void legacy(String url, String user) throws Exception {
        String vendor;
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            vendor = SchemaMigrations.vendorOf(c.getMetaData());
        }
        Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration/" + vendor)
                .table(SchemaMigrations.HISTORY_TABLE).target("4").load().migrate();
        AuditChain chain = new AuditChain(CHAIN_KEY);
        String previous = null;
        try (Connection c = DriverManager.getConnection(url, user, "");
             PreparedStatement insert = c.prepareStatement("INSERT INTO gh_audit_event (id, correlation_id, event_time,"
                     + " kind, outcome, detail, node_id, node_seq, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 3; i++) {
                AuditEvent e = AuditEvent.builder(AuditKind.ADMIN_ACTION, Outcome.SUCCESS).correlationId("legacy-" + i)
                        .time(T0.plusSeconds(i)).detail("written at T0+" + i).build()
                        .sealed(null, "node-legacy", i + 1, previous, null);
                String hash = chain.hash(e, previous);
                insert.setLong(1, 1_000_000 + i);
                insert.setString(2, e.correlationId());
                insert.setTimestamp(3, Timestamp.from(e.time())); // as before V5: a local time of this JVM's zone
                insert.setString(4, e.kind().name());
                insert.setString(5, e.outcome().name());
                insert.setString(6, e.detail());
                insert.setString(7, "node-legacy");
                insert.setLong(8, i + 1);
                insert.setString(9, previous);
                insert.setString(10, hash);
                insert.executeUpdate();
                previous = hash;
            }
        }
        GatehousePersistence.open(url, user, "").close(); // migrates to the latest version, in this JVM's zone
        System.out.println("migrated=true");
    }

    private static void check(String url, String user, String token) {
        EntityManagerFactory emf = GatehousePersistence.open(url, user, "");
        SettableClock clock = new SettableClock(EXPIRY.minusSeconds(1));
        Gatehouse node = node(emf, clock, "node-checker");
        AuditVerification verified = AuditVerifier.of(node).verify();
        System.out.println("intact=" + verified.intact() + " " + (verified.intact() ? "" : verified.breaks()));
        List<AuditEvent> records = node.audit().query(AuditQuery.newest(100)).stream()
                .filter(e -> e.detail() != null && e.detail().startsWith("written at"))
                .sorted(Comparator.comparing(AuditEvent::time)).toList();
        System.out.println("times=" + records.stream().map(e -> e.time().toString()).collect(Collectors.joining(",")));
        if (token != null) {
            var parsed = ApiTokenFormat.parse(token).orElseThrow();
            System.out.println("before-expiry=" + node.authenticator().authenticate(parsed).getClass().getSimpleName());
            clock.set(EXPIRY.plusSeconds(1));
            Authentication after = node.authenticator().authenticate(parsed);
            System.out.println("after-expiry=" + (after instanceof Authentication.Refused r ? r.reason() : after));
        }
        node.close();
    }
}
