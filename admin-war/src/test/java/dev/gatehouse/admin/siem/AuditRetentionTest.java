package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention as docs/operations.md describes it, by running its commands (docs/commands/audit-retention.sh)
 * with curl against the admin API: policies per gateway, the archive with its signed manifest, the delete;
 * afterwards verify proves the remaining chain continuous and the archive intact, and an edited archive fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditRetentionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @TempDir
    static Path archives;

    private static final Set<Long> expectedDeleted = new HashSet<>();
    private static String archiveId;

    @BeforeAll
    static void records() {
        System.setProperty("gatehouse.audit-archive-dir", archives.toString());
        Instant old = Instant.now().minus(Duration.ofDays(45));
        // interleaved, so what the policies let go leaves holes in the node's chain
        List<AuditEvent> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            written.add(server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS)
                    .gateway("quickstart").tool("echo").time(old.plusSeconds(i)).detail("old quickstart " + i).build()));
            written.add(server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS)
                    .gateway("team").tool("search").time(old.plusSeconds(i)).detail("old team " + i).build()));
            if (i % 3 == 0) {
                written.add(server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS)
                        .gateway("quickstart").tool("echo").detail("recent quickstart " + i).build()));
            }
        }
        written.stream().filter(e -> e.detail().startsWith("old quickstart")).forEach(e -> expectedDeleted.add(e.id()));
    }

    @AfterAll
    static void clear() {
        System.clearProperty("gatehouse.audit-archive-dir");
    }

    @Test
    @Order(0)
    void operationsGuideWhenReadThenQuotesTheTestedProcedureAsItIs() throws Exception {
        String guide = Files.readString(Path.of("../docs/operations.md"));
        String procedure = Files.readString(Path.of("../docs/commands/audit-retention.sh"));
        assertTrue(guide.contains("```\n" + procedure + "```"), "docs/operations.md quotes docs/commands/audit-retention.sh");
    }

    @Test
    @Order(1)
    void retentionWhenAskedByTheAdminRoleThenForbiddenNamingTheCapability() {
        assertProblem(403, "missing capability 'audit:retention'", server.put("admin", "/api/retention/policies/quickstart",
                "{\"maxAgeDays\":1}"));
        assertProblem(403, "missing capability 'audit:retention'", server.post("admin", "/api/retention/run", ""));
        assertProblem(400, server.put("retainer", "/api/retention/policies/quickstart", "{}"));
        assertProblem(400, server.put("retainer", "/api/retention/policies/quickstart", "{\"maxAgeDays\":0}"));
        assertEquals("[]", server.get("retainer", "/api/retention/policies").body().replaceAll("\\s", ""));
    }

    @Test
    @Order(2)
    void documentedProcedureWhenRunThenRecordsArchivedAndDeletedAndVerifyIsClean() throws Exception {
        long others = server.gatehouse().inTransaction(em -> em.createQuery("select count(a) from AuditEventEntity a"
                + " where a.gateway is null or a.gateway <> 'quickstart'", Long.class).getSingleResult());
        // policy * keeps the newest: the 12 oldest records of no gateway or another one (old "team" ones) go; the
        // procedure's own PUT of policy * is one more such record before the run
        long keepOthers = others + 1 - 12;
        Set<Long> othersDue = new HashSet<>();
        server.gatehouse().inTransaction(em -> em.createQuery("select a.id from AuditEventEntity a where a.gateway is null"
                + " or a.gateway <> 'quickstart' order by a.time, a.id", Long.class).setMaxResults(12).getResultList())
                .forEach(othersDue::add);

        ProcessBuilder builder = new ProcessBuilder("bash", "../docs/commands/audit-retention.sh").redirectErrorStream(true);
        builder.environment().put("ADMIN", server.base() + "/api");
        builder.environment().put("RETENTION_USER", "retainer");
        builder.environment().put("RETENTION_PASSWORD", "retainer-pw");
        builder.environment().put("OTHERS_MAX", String.valueOf(keepOthers));
        Process procedure = builder.start();
        String output = new String(procedure.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(procedure.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, procedure.exitValue(), output);

        JsonNode archive = JSON.readTree(Files.readString(archives.resolve(only(archives, ".manifest.json"))));
        archiveId = archive.get("archive").asText();
        Set<Long> due = new HashSet<>(expectedDeleted);
        due.addAll(othersDue);
        assertEquals(due.size(), archive.get("records").asLong(), output);
        assertTrue(archive.get("runs").size() > 1, "holes: the policies let go records between kept ones");
        Set<Long> archived = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(archives.resolve(archive.get("file").asText()))), StandardCharsets.UTF_8))) {
            lines.lines().forEach(l -> archived.add(read(l).get("id").asLong()));
        }
        assertEquals(due, archived, "the archive holds exactly what the policies let go");
        Set<Long> remaining = StreamedRecords.stored(server.gatehouse(), "node-a").keySet();
        assertTrue(remaining.stream().noneMatch(due::contains), "archived records are deleted");

        JsonNode verify = assertJson(200, server.get("retainer", "/api/audit/verify"));
        assertTrue(verify.get("intact").asBoolean(), verify.toString());
        assertTrue(output.contains("\"intact\":true,\"records\":" + due.size() + ",\"problems\":[]"), output);
        assertEquals(List.of(archiveId), assertJson(200, server.get("retainer", "/api/retention/archives"))
                .findValuesAsText("id"));
    }

    @Test
    @Order(3)
    void archiveWhenOneRecordIsEditedThenItsVerifyFailsNamingTheRecord() throws Exception {
        Path file = archives.resolve(only(archives, ".jsonl.gz"));
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            in.lines().forEach(lines::add);
        }
        byte[] original = Files.readAllBytes(file);
        lines.set(3, lines.get(3).replace("\"outcome\":\"success\"", "\"outcome\":\"denied\""));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        JsonNode edited = assertJson(200, server.get("retainer", "/api/retention/archives/" + archiveId + "/verify"));
        assertFalse(edited.get("intact").asBoolean(), edited.toString());
        String problems = edited.get("problems").toString();
        assertTrue(problems.contains("(id " + read(lines.get(3)).get("id").asLong() + ") does not match its hash"), problems);
        assertTrue(problems.contains("SHA-256"), problems);

        Files.write(file, original);
        Path manifest = archives.resolve(only(archives, ".manifest.json"));
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.replaceFirst("\"records\":(\\d+)", "\"records\":1$1"));
        JsonNode forged = assertJson(200, server.get("retainer", "/api/retention/archives/" + archiveId + "/verify"));
        assertFalse(forged.get("intact").asBoolean());
        assertTrue(forged.get("problems").toString().contains("signature"), forged.toString());
        Files.writeString(manifest, text);
        assertTrue(assertJson(200, server.get("retainer", "/api/retention/archives/" + archiveId + "/verify"))
                .get("intact").asBoolean(), "restored");
    }

    @Test
    @Order(4)
    void chainWhenARecordIsDeletedBehindRetentionWithAForgedArchiveRunThenVerifyReportsItMissing() {
        Object[] victim = server.gatehouse().inTransaction(em -> (Object[]) em.createNativeQuery(
                "SELECT id, node_seq, previous_hash, hash FROM gh_audit_event WHERE gateway = 'team' ORDER BY node_seq")
                .setMaxResults(1).getSingleResult());
        server.gatehouse().inTransaction(em -> {
            em.createNativeQuery("DELETE FROM gh_audit_event WHERE id = ?").setParameter(1, victim[0]).executeUpdate();
            return em.createNativeQuery("INSERT INTO gh_audit_archive_run (id, archive_id, node_id, first_seq, last_seq,"
                            + " first_previous_hash, last_hash, signature) VALUES ('forged', ?, 'node-a', ?, ?, ?, ?, ?)")
                    .setParameter(1, archiveId).setParameter(2, victim[1]).setParameter(3, victim[1])
                    .setParameter(4, victim[2]).setParameter(5, victim[3]).setParameter(6, "0".repeat(64)).executeUpdate();
        });
        JsonNode verify = assertJson(200, server.get("retainer", "/api/audit/verify"));
        assertFalse(verify.get("intact").asBoolean(), verify.toString());
        JsonNode missing = verify.get("breaks").get(0);
        assertEquals("missing", missing.get("problem").asText(), verify.toString());
        long seq = ((Number) victim[1]).longValue();
        // the hole reported starts where the archives stop covering it (an archived run may end right before it)
        assertTrue(missing.get("sequence").asLong() <= seq && seq < missing.get("sequence").asLong()
                + missing.get("missing").asLong(), verify.toString());
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    private static String only(Path dir, String suffix) throws Exception {
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).toList();
            assertEquals(1, names.size(), names.toString());
            return names.get(0);
        }
    }
}
