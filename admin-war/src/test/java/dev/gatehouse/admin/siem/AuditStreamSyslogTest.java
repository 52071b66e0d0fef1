package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.siem.StreamedRecords.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit stream into a real rsyslog, configured as docs/operations.md says (docs/commands): over TCP with
 * JSON payloads, through a crash of the receiver in the middle of a load, and over TLS with CEF payloads.
 */
class AuditStreamSyslogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final AdminServer server = AdminServer.perClassWith("gatehouse.siem-allow-private-addresses", "true");

    @TempDir
    Path dir;

    @Test
    void tcpStreamWhenRsyslogIsKilledAndRestartedMidLoadThenEveryRecordArrivesOnceInOrderAfterCatchUp() throws Exception {
        try (Rsyslog rsyslog = Rsyslog.start("rsyslog-gatehouse-tcp.conf", dir)) {
            killAndRestartMidLoad(rsyslog, Map.of("name", "rsyslog tcp", "kind", "syslog-tcp",
                    "target", "localhost:" + rsyslog.port(), "format", "json"));
        }
    }

    @Test
    void tlsStreamWhenRsyslogIsKilledAndRestartedMidLoadThenEveryRecordArrivesOnceInOrderAfterCatchUp() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir);
        try (Rsyslog rsyslog = Rsyslog.start("rsyslog-gatehouse-tls.conf", dir)) {
            killAndRestartMidLoad(rsyslog, Map.of("name", "rsyslog tls under load", "kind", "syslog-tls",
                    "target", "localhost:" + rsyslog.port(), "format", "json", "caCertificate", certificate.certificatePem()));
        }
    }

    /**
     * At least 3,000 records written while the sink streams; rsyslog killed (SIGKILL) once part arrived, started again
     * while the load goes on: every stored record arrives, each once after deduplication by id, in node sequence order.
     */
    private void killAndRestartMidLoad(Rsyslog rsyslog, Map<String, String> sinkSpec) throws Exception {
        JsonNode sink = assertJson(201, server.post("admin", "/api/audit-sinks", JSON.writeValueAsString(sinkSpec)));
        String id = sink.get("id").asText();
        List<CompletableFuture<AuditEvent>> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean restarted = new java.util.concurrent.atomic.AtomicBoolean();
        // at least 3,000 records, and on until the receiver is back: the kill always falls in the middle of the load
        Thread load = new Thread(() -> {
            for (int i = 0; (i < 3000 || !restarted.get()) && i < 30_000; i++) {
                written.add(server.gatehouse().audit().append(AuditEvent.builder(AuditKind.ADMIN_ACTION, Outcome.SUCCESS)
                        .actor("load").detail("record " + i + " with \"quotes\", ] and \\ and é").build()));
                if (i % 50 == 49) {
                    pause(60);
                }
            }
        });
        load.start();

        await("rsyslog received part of the load", 60, () -> count(rsyslog) >= 400);
        rsyslog.kill();
        await("the sink noticed the receiver is gone", 30, () -> failures(id) > 0);
        assertTrue(load.isAlive(), "the receiver died in the middle of the load");
        rsyslog.restart();
        restarted.set(true);
        load.join(120_000);
        CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get();

        Map<Long, Long> stored = StreamedRecords.stored(server.gatehouse(), "node-a");
        await("every record arrived after the catch-up", 120, () -> StreamedRecords.deduplicated(parse(rsyslog)).size()
                >= stored.size());
        List<StreamedRecords.Received> received = StreamedRecords.parse(rsyslog.lines());
        StreamedRecords.assertExactlyOnceInOrder(stored, received);
        for (StreamedRecords.Received r : received.subList(0, 50)) {
            JsonNode payload = JSON.readTree(r.payload());
            assertEquals(r.id(), payload.get("id").asLong());
            assertEquals(r.kind(), payload.get("kind").asText());
            assertEquals("node-a", payload.get("nodeId").asText());
        }
        JsonNode status = assertJson(200, server.get("admin", "/api/audit-sinks/" + id)).get("status").get(0);
        assertTrue(status.get("failures").asLong() > 0, status.toString());
        System.out.println(sinkSpec.get("kind") + ": " + stored.size() + " records, " + received.size()
                + " lines received (" + (received.size() - stored.size()) + " repeated after the crash), status " + status);
        assertEquals(204, server.delete("admin", "/api/audit-sinks/" + id).statusCode());
    }

    @Test
    void tlsStreamWhenTheReceiverCertificateIsTrustedThenCefRecordsArriveAndWhenNotThenNothingIsSent() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir);
        try (Rsyslog rsyslog = Rsyslog.start("rsyslog-gatehouse-tls.conf", dir)) {
            JsonNode untrusted = assertJson(201, server.post("admin", "/api/audit-sinks", JSON.writeValueAsString(Map.of(
                    "name", "untrusted", "kind", "syslog-tls", "target", "localhost:" + rsyslog.port()))));
            for (int i = 0; i < 20; i++) {
                server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.ADMIN_ACTION, Outcome.DENIED)
                        .actor("tls").detail("a|b=c\\d\nnext").build());
            }
            await("the untrusted sink failed its handshake", 30, () -> failures(untrusted.get("id").asText()) > 0);
            JsonNode failed = assertJson(200, server.get("admin", "/api/audit-sinks/" + untrusted.get("id").asText()))
                    .get("status").get(0);
            assertTrue(failed.get("lastError").asText().toLowerCase().contains("certif")
                    || failed.get("lastError").asText().contains("PKIX"), failed.toString());
            assertEquals(0, failed.get("delivered").asLong());
            assertEquals(204, server.delete("admin", "/api/audit-sinks/" + untrusted.get("id").asText()).statusCode());
            assertTrue(rsyslog.lines().isEmpty(), "nothing went to a receiver whose certificate was not trusted");

            JsonNode trusted = assertJson(201, server.post("admin", "/api/audit-sinks", JSON.writeValueAsString(Map.of(
                    "name", "rsyslog tls", "kind", "syslog-tls", "target", "localhost:" + rsyslog.port(), "format", "cef",
                    "caCertificate", certificate.certificatePem()))));

            Map<Long, Long> stored = StreamedRecords.stored(server.gatehouse(), "node-a");
            await("every record arrived over TLS", 60, () -> StreamedRecords.deduplicated(parse(rsyslog)).size()
                    >= StreamedRecords.stored(server.gatehouse(), "node-a").size());
            stored = StreamedRecords.stored(server.gatehouse(), "node-a");
            List<StreamedRecords.Received> received = StreamedRecords.parse(rsyslog.lines());
            StreamedRecords.assertExactlyOnceInOrder(stored, received);
            for (StreamedRecords.Received r : received) {
                assertTrue(r.payload().startsWith("CEF:0|Gatehouse|Gatehouse|1|" + r.kind() + "|"), r.payload());
                assertTrue(r.payload().contains(" externalId=" + r.id() + " ") || r.payload().startsWith("CEF")
                        && r.payload().contains("|externalId=" + r.id() + " "), r.payload());
            }
            assertTrue(received.stream().anyMatch(r -> r.payload().contains("msg=a|b\\=c\\\\d\\nnext")),
                    "CEF extension values escape '=', '\\' and line breaks");
            assertEquals(204, server.delete("admin", "/api/audit-sinks/" + trusted.get("id").asText()).statusCode());
        }
    }

    @Test
    void operationsGuideWhenReadThenQuotesTheTestedRsyslogConfigurationAsItIs() throws Exception {
        String guide = java.nio.file.Files.readString(Path.of("../docs/operations.md"));
        String tls = java.nio.file.Files.readString(Path.of("../docs/commands/rsyslog-gatehouse-tls.conf"));
        String quoted = tls.lines().filter(l -> !l.startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(guide.contains("```\n" + quoted + "\n```"), "docs/operations.md quotes " + quoted);
    }

    private static List<StreamedRecords.Received> parse(Rsyslog rsyslog) {
        try {
            return StreamedRecords.parse(rsyslog.lines());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int count(Rsyslog rsyslog) {
        return parse(rsyslog).size();
    }

    private static long failures(String sinkId) {
        JsonNode status = assertJson(200, server.get("admin", "/api/audit-sinks/" + sinkId)).get("status");
        return status.isEmpty() ? 0 : status.get(0).get("failures").asLong();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
