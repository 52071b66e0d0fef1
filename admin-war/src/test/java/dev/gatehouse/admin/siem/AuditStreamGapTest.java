package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.siem.StreamedRecords.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hole in a node's chain (a record deleted behind retention's back) seen by a sink: waited for as long as the
 * setting {@code audit-stream-gap-grace-ms} says, then skipped, logged as an error naming the sequences and
 * counted in the status and the metric {@code gatehouse_audit_sink_skipped}; never silent, and the records
 * after it still arrive.
 */
class AuditStreamGapTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final AdminServer server = AdminServer.perClassWith(Map.of("gatehouse.siem-allow-private-addresses", "true",
            "gatehouse.audit-stream-gap-grace-ms", "1500"));

    @Test
    void holeWhenItOutlivesTheGraceThenItIsSkippedLoudlyAndCountedAndTheRestArrives() throws Exception {
        List<AuditEvent> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            written.add(server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.ADMIN_ACTION, Outcome.SUCCESS)
                    .actor("gap").detail("record " + i).build()));
        }
        AuditEvent deleted = written.get(4);
        server.gatehouse().inTransaction(em -> em.createQuery("delete from AuditEventEntity a where a.id = :id")
                .setParameter("id", deleted.id()).executeUpdate());
        List<LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger worker = Logger.getLogger("dev.gatehouse.core.siem.SinkWorker");
        worker.addHandler(capture);
        Set<Long> received = ConcurrentHashMap.newKeySet();
        try (HttpReceiver hec = new HttpReceiver(r -> {
            for (String line : r.body().split("\n")) {
                try {
                    received.add(JSON.readTree(line).path("event").path("id").asLong());
                } catch (Exception e) {
                    throw new AssertionError(line, e);
                }
            }
            return new HttpReceiver.Answer(200, "{\"text\":\"Success\",\"code\":0}");
        })) {
            long started = System.nanoTime();
            JsonNode sink = assertJson(201, server.post("admin", "/api/audit-sinks", JSON.writeValueAsString(Map.of(
                    "name", "gap", "kind", "splunk-hec", "url", hec.url(), "secret", "hec-token-gap"))));
            String id = sink.get("id").asText();
            await("the records after the hole arrived", 30, () -> received.contains(written.get(9).id()));
            long waited = System.nanoTime() - started;

            assertTrue(received.contains(written.get(3).id()) && received.contains(written.get(5).id()));
            assertFalse(received.contains(deleted.id()));
            assertTrue(waited >= 1_500_000_000L, "the hole was waited for the grace time first: " + waited / 1_000_000 + " ms");
            JsonNode status = assertJson(200, server.get("admin", "/api/audit-sinks/" + id)).get("status").get(0);
            assertEquals(1, status.get("skipped").asLong(), status.toString());
            LogRecord error = logged.stream().filter(r -> r.getMessage().contains("SKIPPED")).findFirst()
                    .orElseThrow(() -> new AssertionError("no log line for the skip: " + logged));
            assertEquals(Level.SEVERE, error.getLevel());
            assertTrue(error.getMessage().contains("sequences " + deleted.nodeSequence() + " to " + deleted.nodeSequence()
                    + " of node node-a"), error.getMessage());
            assertTrue(error.getMessage().contains("audit-stream-gap-grace-ms"), error.getMessage());
            ByteArrayOutputStream scrape = new ByteArrayOutputStream();
            server.gatehouse().metrics().scrape("text/plain", scrape);
            String metrics = scrape.toString(StandardCharsets.UTF_8);
            assertTrue(java.util.regex.Pattern.compile("(?m)^gatehouse_audit_sink_skipped\\{[^}]*sink=\"gap\"[^}]*} 1(\\.0)?$")
                    .matcher(metrics).find(), metrics);
            assertEquals(204, server.delete("admin", "/api/audit-sinks/" + id).statusCode());
        } finally {
            worker.removeHandler(capture);
        }
    }
}
