package dev.gatehouse.core.jpa;

import dev.gatehouse.core.audit.AuditChain;
import dev.gatehouse.core.audit.AuditWriter;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.statistics.AuditStatistics;
import dev.gatehouse.core.statistics.CallStatistics;
import dev.gatehouse.core.statistics.StatisticsRange;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The dashboard's aggregates, computed by H2 and by a real PostgreSQL from the same records, equal the
 * figures counted by hand: range ends exact to the microsecond ({@code from} inclusive, {@code to}
 * exclusive), buckets by instant across Berlin's daylight-saving change (00:00+01:00 to 04:00+02:00 is three
 * hours), percentiles by nearest rank, and the same answers whatever the database session's time zone
 * (the JVM's and so PostgreSQL's session's set to Chatham, +13:45, H2's session's to Kathmandu, +05:45). A held
 * call withdrawn undecided (its client went away) is a call that ended but was not refused (catalogue 615).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AuditStatisticsTest {
    private static final Instant FROM = OffsetDateTime.parse("2026-03-29T00:00:00+01:00").toInstant();
    private static final Instant TO = OffsetDateTime.parse("2026-03-29T04:00:00+02:00").toInstant();
    private static final Duration MICRO = Duration.ofNanos(1000);

    /** The JVM's zone while a test runs (tests of this module run one at a time): pgjdbc gives it to its sessions. */
    private static final TimeZone CHATHAM = TimeZone.getTimeZone("Pacific/Chatham");
    private final TimeZone zoneBefore = TimeZone.getDefault();
    private EntityManagerFactory emf;
    private AuditWriter writer;
    private int sequence;

    @AfterEach
    void close() {
        TimeZone.setDefault(zoneBefore);
        if (writer != null) {
            writer.close();
        }
        if (emf != null) {
            emf.close();
        }
    }

    private AuditStatistics open(String vendor) {
        TimeZone.setDefault(CHATHAM);
        if (vendor.equals("h2")) {
            emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;TIME ZONE=Asia/Kathmandu", "sa", "");
        } else {
            String url = PostgresServer.newDatabase();
            emf = GatehousePersistence.open(url, "postgres", "");
        }
        Transactions tx = new ResourceLocalTransactions(emf);
        Object zone = tx.read(em -> em.createNativeQuery(vendor.equals("h2")
                ? "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'TIME ZONE'" : "SHOW timezone")
                .getSingleResult());
        assertEquals(vendor.equals("h2") ? "Asia/Kathmandu" : "Pacific/Chatham", zone, "the session's time zone");
        writer = new AuditWriter(tx, new AuditChain(new byte[32]), "node-stats", Duration.ofSeconds(20));
        return new AuditStatistics(tx);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void statisticsWhenRecordsAroundTheEdgesAndAcrossDaylightSavingThenTheyEqualTheCountByHand(String vendor) {
        AuditStatistics statistics = open(vendor);
        // outside the range: a microsecond before 'from', exactly at 'to'
        completed(FROM.minus(MICRO), "echo", "bot-a", "alice", Outcome.SUCCESS, 1);
        completed(TO, "echo", "bot-a", "alice", Outcome.SUCCESS, 1);
        // bucket 0 (23:00Z-00:00Z): 'from' itself and its last microsecond
        completed(FROM, "echo", "bot-a", "alice", Outcome.SUCCESS, 1_000);
        completed(FROM.plus(Duration.ofHours(1)).minus(MICRO), "echo", "bot-a", "alice", Outcome.ERROR, 2_000);
        // bucket 1 (00:00Z-01:00Z, 01:00+01:00 to 03:00+02:00 on the wall: the hour that skips one)
        Instant second = FROM.plus(Duration.ofHours(1));
        for (int i = 3; i <= 8; i++) {
            completed(second.plusSeconds(i), "search", "bot-b", "bob", Outcome.SUCCESS, i * 1_000L);
        }
        completed(second.plusSeconds(20), "search", "bot-b", "bob", Outcome.CANCELLED, 9_000); // not an error
        refused(second.plusSeconds(30), "search", "bot-b", "bob", AuditKind.RATE_LIMITED);
        // bucket 2 (01:00Z-02:00Z)
        Instant third = FROM.plus(Duration.ofHours(2));
        completed(third, "fetch", "bot-a", "alice", Outcome.UPSTREAM_ERROR, 10_000);
        refused(third.plusSeconds(1), "fetch", "bot-b", "bob", null);
        // a call held for approval and withdrawn undecided (its client went away): ended, never sent, not refused
        write(call(AuditKind.DENIED, Outcome.CANCELLED, third.plusSeconds(5), "search", "bot-b", "bob"));
        // records that are not ended calls: a start, a list, a credential refused
        write(AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED).time(third.plusSeconds(2)).method("tools/call").tool("echo"));
        write(AuditEvent.builder(AuditKind.LIST, Outcome.SUCCESS).time(third.plusSeconds(3)).method("tools/list"));
        write(AuditEvent.builder(AuditKind.AUTH_FAILURE, Outcome.UNAUTHORIZED).time(third.plusSeconds(4)));

        CallStatistics s = statistics.of(new StatisticsRange(FROM, TO, Duration.ofHours(1)));

        assertEquals(new CallStatistics.Totals(13, 2, 2, 1, 1), s.totals());
        assertEquals(List.of(new CallStatistics.Bucket(FROM, 2, 1, 0),
                new CallStatistics.Bucket(second, 8, 0, 1),
                new CallStatistics.Bucket(third, 3, 1, 1)), s.series());
        // ten completed durations, 1 to 10 ms: nearest rank, the 5th, 10th and 10th
        assertEquals(new CallStatistics.Latency(10, 5_000L, 10_000L, 10_000L, 10_000L), s.latency());
        assertEquals(List.of(new CallStatistics.ToolCount("quickstart", "search", 9, 0),
                new CallStatistics.ToolCount("quickstart", "echo", 2, 1),
                new CallStatistics.ToolCount("quickstart", "fetch", 2, 1)), s.tools());
        assertEquals(List.of(new CallStatistics.Ranked("id-bot-b", "bot-b", 10, 0),
                new CallStatistics.Ranked("id-bot-a", "bot-a", 3, 2)), s.hosts());
        assertEquals(List.of(new CallStatistics.Ranked("bob", "bob", 10, 0),
                new CallStatistics.Ranked("alice", "alice", 3, 2)), s.users());
        assertEquals(1, s.servers().size(), s.servers()::toString);
        CallStatistics.ServerCalls demo = s.servers().get(0);
        assertEquals("demo", demo.server());
        assertEquals(10, demo.calls());
        assertEquals(1, demo.failures());
        assertEquals(third, demo.lastFailure());
        assertEquals(second.plusSeconds(20), demo.lastSuccess());
        assertEquals("failing", demo.health());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void statisticsWhenNothingHappenedThenZerosAndEveryBucketPresent(String vendor) {
        CallStatistics s = open(vendor).of(StatisticsRange.of(FROM, TO));

        assertEquals(new CallStatistics.Totals(0, 0, 0, 0, 0), s.totals());
        assertEquals(Duration.ofMinutes(5), s.range().step());
        assertEquals(36, s.series().size());
        assertEquals(new CallStatistics.Latency(0, null, null, null, null), s.latency());
        assertNull(s.series().stream().filter(b -> b.calls() != 0).findFirst().orElse(null));
        assertEquals(List.of(), s.tools());
        assertEquals(List.of(), s.servers());
    }

    private void completed(Instant time, String tool, String host, String user, Outcome outcome, long micros) {
        write(call(AuditKind.CALL_COMPLETED, outcome, time, tool, host, user).durationMicros(micros));
    }

    /** A call refused before it was sent (its DENIED record), by a rate limit when {@code cause} says so. */
    private void refused(Instant time, String tool, String host, String user, AuditKind cause) {
        if (cause != null) {
            write(call(cause, Outcome.DENIED, time, tool, host, user));
        }
        write(call(AuditKind.DENIED, Outcome.DENIED, time, tool, host, user));
    }

    private AuditEvent.Builder call(AuditKind kind, Outcome outcome, Instant time, String tool, String host, String user) {
        return AuditEvent.builder(kind, outcome).time(time).method("tools/call").gateway("quickstart").server("demo")
                .tool(tool).hostId("id-" + host).hostName(host).tokenIssuedBy(user);
    }

    private void write(AuditEvent.Builder event) {
        writer.appendDurably(event.correlationId("c-" + (++sequence)).build());
    }
}
