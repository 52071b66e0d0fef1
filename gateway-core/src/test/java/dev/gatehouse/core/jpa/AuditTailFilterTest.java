package dev.gatehouse.core.jpa;

import dev.gatehouse.core.audit.AuditReader;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The logs API reads the table with a SQL {@code where} and a journal's unshipped tail with
 * {@link AuditReader#matches}: a record must be found, or not, the same either way, or a record shown while
 * unshipped vanishes once shipped (or the reverse). One table of filters, every filter of {@code GET /api/logs}
 * (docs/admin-api.md) with its edge cases (absent and blank values, case, surrounding spaces, records without the
 * field, time bounds given in another zone, from inclusive and to exclusive, a connection without records), run
 * against the same records once in H2 and once in memory as the tail holds them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTailFilterTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.000001Z");
    private static final Instant T1 = Instant.parse("2026-12-01T10:00:01Z");
    private static final Instant T2 = Instant.parse("2026-12-01T11:30:00.5Z");

    private EntityManagerFactory emf;
    private AuditReader reader;
    private final List<AuditEvent> records = new ArrayList<>();

    @BeforeAll
    void store() {
        emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        ResourceLocalTransactions tx = new ResourceLocalTransactions(emf);
        reader = new AuditReader(tx);
        add(AuditKind.CALL_COMPLETED, Outcome.SUCCESS, T0, b -> b.hostId("h-1").hostName("CI Bot").tokenPublicId("tokA")
                .tokenIssuedBy("alice").gateway("quickstart").server("demo").tool("echo").method("tools/call"));
        add(AuditKind.ADMIN_ACTION, Outcome.SUCCESS, T0.plusNanos(1_000), b -> b.actor("Alice").detail("host.created"));
        add(AuditKind.DENIED, Outcome.DENIED, T1, b -> b.hostId("h-2").hostName("ci bot").tokenPublicId("tokB")
                .tokenIssuedBy("bob").gateway("Quickstart").server("demo").tool("Echo").method("tools/call"));
        add(AuditKind.CALL_STARTED, Outcome.STARTED, T1.minusNanos(1_000), b -> b.hostId("h-3").hostName("İstanbul Ärzte")
                .tokenPublicId("tokC").tokenIssuedBy("alice").actor("bob").gateway("quickstart").tool(" echo").method("tools/list"));
        add(AuditKind.AUTH_FAILURE, Outcome.DENIED, T2, b -> b.hostName(" CI Bot").method("tools/call"));
        add(AuditKind.CALL_COMPLETED, Outcome.REVOKED, T2.plusSeconds(1), b -> b.hostId("CI Bot").tokenPublicId("tokA")
                .server("Demo").tool("echo"));
        add(AuditKind.CALL_COMPLETED, Outcome.ERROR, T2.plusSeconds(2), b -> b.tool("fail")
                .detail("tool error: Demo Failure at 50%_done"));
        List<AuditEvent> sealed = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            sealed.add(records.get(i).sealed(null, "node-tail", i + 1, i == 0 ? null : "prev" + i, "hash" + (i + 1)));
        }
        records.clear();
        records.addAll(sealed);
        new AuditRows(tx, 10).insert(sealed);
    }

    @AfterAll
    void close() {
        emf.close();
    }

    private void add(AuditKind kind, Outcome outcome, Instant time, UnaryOperator<AuditEvent.Builder> fields) {
        records.add(fields.apply(AuditEvent.builder(kind, outcome).time(time)
                .correlationId("r" + (records.size() + 1))).build());
    }

    /** A query with one filter set: {@code name} is the API's parameter. */
    private static Arguments filter(String name, Object value) {
        String s = value instanceof String v ? v : null;
        Instant i = value instanceof Instant v ? v : null;
        AuditQuery q = switch (name) {
            case "hostId" -> new AuditQuery(s, null, null, null, null, null, null, null, null, null, null, 1000);
            case "gateway" -> new AuditQuery(null, s, null, null, null, null, null, null, null, null, null, 1000);
            case "server" -> new AuditQuery(null, null, s, null, null, null, null, null, null, null, null, 1000);
            case "tool" -> new AuditQuery(null, null, null, s, null, null, null, null, null, null, null, 1000);
            case "method" -> new AuditQuery(null, null, null, null, s, null, null, null, null, null, null, 1000);
            case "outcome" -> new AuditQuery(null, null, null, null, null, (Outcome) value, null, null, null, null, null, 1000);
            case "kind" -> new AuditQuery(null, null, null, null, null, null, (AuditKind) value, null, null, null, null, 1000);
            case "user" -> new AuditQuery(null, null, null, null, null, null, null, s, null, null, null, 1000);
            case "correlationId" -> new AuditQuery(null, null, null, null, null, null, null, null, s, null, null, 1000);
            case "from" -> new AuditQuery(null, null, null, null, null, null, null, null, null, i, null, 1000);
            case "to" -> new AuditQuery(null, null, null, null, null, null, null, null, null, null, i, 1000);
            case "host" -> new AuditQuery(null, null, null, null, null, null, null, null, null, null, null, 1000, s);
            case "connection" -> new AuditQuery(null, null, null, null, null, null, null, null, null, null, null, 1000, null,
                    (List<String>) value);
            case "q" -> new AuditQuery(null, null, null, null, null, null, null, null, null, null, null, 1000, null, null, s);
            default -> throw new IllegalArgumentException(name);
        };
        return Arguments.of(name + "=" + (value instanceof String v ? "'" + v + "'" : value), q);
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                filter("hostId", "h-1"), filter("hostId", "H-1"), filter("hostId", " h-1"), filter("hostId", ""),
                filter("hostId", "  "), filter("hostId", "nobody"),
                filter("gateway", "quickstart"), filter("gateway", "QUICKSTART"),
                filter("server", "demo"), filter("server", "Demo"),
                filter("tool", "echo"), filter("tool", "Echo"), filter("tool", " echo"),
                filter("method", "tools/call"), filter("method", "tools/list"),
                filter("outcome", Outcome.DENIED), filter("outcome", Outcome.REVOKED), filter("outcome", Outcome.ERROR),
                filter("kind", AuditKind.ADMIN_ACTION), filter("kind", AuditKind.CALL_COMPLETED),
                filter("user", "alice"), filter("user", "Alice"), filter("user", "bob"), filter("user", ""),
                filter("correlationId", "r3"), filter("correlationId", "R3"),
                filter("from", T1), filter("from", T1.plusNanos(1_000)), filter("from", T0),
                filter("to", T1), filter("to", T1.plusNanos(1_000)), filter("to", T0),
                // the same instants written in other zones (the API parses ISO-8601 with any offset)
                filter("from", OffsetDateTime.parse("2026-12-01T19:00:01+09:00").toInstant()),
                filter("to", OffsetDateTime.parse("2026-12-01T06:30:00.5-05:00").toInstant()),
                filter("host", "ci bot"), filter("host", " CI BOT "), filter("host", "h-2"), filter("host", "H-2"),
                filter("host", "CI Bot"), filter("host", "İstanbul Ärzte"), filter("host", "İSTANBUL ÄRZTE"),
                filter("host", "istanbul ärzte"), filter("host", "  "),
                filter("connection", List.of("tokA")), filter("connection", List.of("tokA", "tokC")),
                filter("connection", List.of()), filter("connection", List.of("TOKA")),
                // free text: detail, tool, host name, user or actor, any case; the exact correlation id; % and _ as text
                filter("q", "demo failure"), filter("q", "DEMO FAILURE"), filter("q", "50%_done"), filter("q", "50%x"),
                filter("q", "%"), filter("q", "_"), filter("q", "host.CREATED"), filter("q", "echo"), filter("q", "ci bot"),
                filter("q", "ALICE"), filter("q", "ärzte"), filter("q", "r3"), filter("q", "R3"), filter("q", " r3 "),
                filter("q", "nothing like it"), filter("q", "  "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void filterWhenRunOnTheTableAndOnTheUnshippedTailThenBothFindTheSameRecords(String filter, AuditQuery q) {
        Set<String> table = new TreeSet<>();
        reader.query(q).forEach(e -> table.add(e.correlationId()));
        Set<String> tail = new TreeSet<>();
        records.stream().filter(e -> AuditReader.matches(q, e)).forEach(e -> tail.add(e.correlationId()));

        assertEquals(table, tail, filter + ": the table's answer, then the tail's");
    }
}
