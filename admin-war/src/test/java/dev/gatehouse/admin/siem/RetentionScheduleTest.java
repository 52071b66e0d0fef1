package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.retention.Retention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static dev.gatehouse.admin.siem.StreamedRecords.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention on a schedule: the retention user sets it, the node runs the policies when due by itself, audited
 * under that user's name; concurrent attempts (as from several nodes) make one run; only the retention role may
 * set it; and the archive folder has its application-server default.
 */
class RetentionScheduleTest {
    @TempDir
    static Path archives;

    @RegisterExtension
    static final AdminServer server = AdminServer.perClassWith(Map.of("gatehouse.retention-check-seconds", "1"));

    @Test
    void scheduleWhenDueThenThePoliciesRunOnceByThemselvesAuditedAsTheRetentionUser() throws Exception {
        System.setProperty("gatehouse.audit-archive-dir", archives.toString());
        try {
            Instant old = Instant.now().minus(Duration.ofDays(40));
            for (int i = 0; i < 10; i++) {
                server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS)
                        .gateway("scheduled").tool("echo").time(old.plusSeconds(i)).build());
            }
            assertJson(200, server.put("retainer", "/api/retention/policies/scheduled", "{\"maxAgeDays\":30}"));
            // every node's checker and eight more attempts at once: as many nodes racing for the due run
            JsonNode set = assertJson(200, server.put("retainer", "/api/retention/schedule",
                    "{\"everyMinutes\":1440,\"firstRunAt\":\"" + Instant.now().plusSeconds(2) + "\"}"));
            assertEquals(1440, set.get("everyMinutes").asLong());
            assertEquals("retainer", set.get("updatedBy").asText());
            CountDownLatch due = new CountDownLatch(1);
            List<Thread> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread t = new Thread(() -> {
                    try {
                        due.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    server.gatehouse().retentionSchedule().tick();
                });
                t.start();
                racers.add(t);
            }
            await("the first run is due", 10, () -> Instant.now().isAfter(Instant.parse(set.get("nextRunAt").asText())));
            due.countDown();
            for (Thread t : racers) {
                t.join(60_000);
            }
            await("the scheduled run ended", 30, () -> !assertJson(200, server.get("retainer", "/api/retention/schedule"))
                    .path("lastRunAt").isNull());

            JsonNode schedule = assertJson(200, server.get("retainer", "/api/retention/schedule"));
            assertTrue(schedule.get("lastResult").asText().matches("archive \\S+ \\(gatehouse-audit-.*, 10 records, sha256 [0-9a-f]{64}\\), 10 deleted"),
                    schedule.toString());
            assertTrue(Instant.parse(schedule.get("nextRunAt").asText()).isAfter(Instant.now().plus(Duration.ofHours(23))),
                    "next due one interval after this run: " + schedule);
            List<String> runs = server.gatehouse().inTransaction(em -> em.createQuery("select a.detail from AuditEventEntity a"
                    + " where a.actor = 'retainer (scheduled)' order by a.nodeSequence", String.class).getResultList());
            assertEquals(1, runs.size(), "one run however many raced for it: " + runs);
            assertTrue(runs.get(0).startsWith("retention.run: archive "), runs.toString());
            try (Stream<Path> files = Files.list(archives)) {
                assertEquals(1, files.filter(f -> f.toString().endsWith(".manifest.json")).count(), "one archive");
            }
            long left = server.gatehouse().inTransaction(em -> em.createQuery("select count(a) from AuditEventEntity a"
                    + " where a.gateway = 'scheduled' and a.actor is null", Long.class).getSingleResult());
            assertEquals(0, left, "the calls' records are deleted (the policy's own admin record is recent)");
            JsonNode archives = assertJson(200, server.get("retainer", "/api/retention/archives"));
            JsonNode verify = assertJson(200, server.get("retainer", "/api/retention/archives/"
                    + archives.get(0).get("id").asText() + "/verify"));
            assertTrue(verify.get("intact").asBoolean(), verify.toString());
            assertTrue(assertJson(200, server.get("retainer", "/api/audit/verify")).get("intact").asBoolean());
            assertEquals(204, server.delete("retainer", "/api/retention/schedule").statusCode());
            assertProblem(404, server.get("retainer", "/api/retention/schedule"));
        } finally {
            System.clearProperty("gatehouse.audit-archive-dir");
        }
    }

    @Test
    void scheduleWhenSetByTheAdminRoleOrWronglyThenRefused() {
        assertProblem(403, "missing capability 'audit:retention'", server.put("admin", "/api/retention/schedule",
                "{\"everyMinutes\":60}"));
        assertProblem(403, "missing capability 'audit:retention'", server.delete("admin", "/api/retention/schedule"));
        assertProblem(400, server.put("retainer", "/api/retention/schedule", "{}"));
        assertProblem(400, server.put("retainer", "/api/retention/schedule", "{\"everyMinutes\":1}"));
        assertProblem(400, server.put("retainer", "/api/retention/schedule", "{\"everyMinutes\":60,\"firstRunAt\":\"tomorrow\"}"));
        assertProblem(400, server.put("retainer", "/api/retention/schedule", "{\"everyMinutes\":60,\"every\":1}"));
    }

    @Test
    void archiveFolderWhenNotSetThenTheApplicationServersDataFolder(@TempDir Path serverData) {
        Retention retention = server.gatehouse().retention(); // no audit-archive-dir in this class but in the first test
        assertProblem400(retention);
        System.setProperty("jboss.server.data.dir", serverData.toString());
        try {
            assertEquals(serverData.resolve("gatehouse-audit-archive"), retention.directory());
        } finally {
            System.clearProperty("jboss.server.data.dir");
        }
        System.setProperty("com.sun.aas.instanceRoot", serverData.toString());
        try {
            assertEquals(serverData.resolve("gatehouse-audit-archive"), retention.directory());
        } finally {
            System.clearProperty("com.sun.aas.instanceRoot");
        }
    }

    private static void assertProblem400(Retention retention) {
        try {
            retention.directory();
            throw new AssertionError("no archive folder without a setting or an application server");
        } catch (dev.gatehouse.core.store.RequestRejected e) {
            assertTrue(e.getMessage().contains("audit-archive-dir"), e.getMessage());
        }
    }
}
