package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.siem.StreamedRecords.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit stream as OpenTelemetry logs over OTLP/HTTP protobuf, into a collector that decodes the real
 * {@code opentelemetry-proto} messages: the documented shape of each log record, and a collector killed in the
 * middle of a load and started again (every record arrives after the catch-up, once after deduplication by
 * record id, in order).
 */
class AuditStreamOtlpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @RegisterExtension
    static final AdminServer server = AdminServer.perClassWith("gatehouse.siem-allow-private-addresses", "true");

    @Test
    void otlpLogsWhenARecordIsWrittenThenItIsOneLogRecordOfTheDocumentedShape() throws Exception {
        try (OtlpLogsReceiver collector = new OtlpLogsReceiver()) {
            JsonNode sink = assertJson(201, server.post("admin", "/api/audit-sinks", JSON.writeValueAsString(Map.of(
                    "name", "collector", "kind", "otlp-logs", "url", collector.url(), "secret", "Bearer otlp-5e1f",
                    "from", "now"))));
            assertEquals("otlp-logs", sink.get("kind").asText());
            assertEquals(collector.url(), sink.get("url").asText());
            AuditEvent written = server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED,
                    Outcome.UPSTREAM_ERROR).gateway("quickstart").server("demo").tool("echo").traceId(TRACE).build());

            await("the record reached the collector", 30, () -> collector.received().stream().anyMatch(r -> r.id() == written.id()));
            OtlpLogsReceiver.Received r = collector.received().stream().filter(x -> x.id() == written.id()).findFirst().orElseThrow();
            assertEquals("application/x-protobuf", r.contentType());
            assertEquals("Bearer otlp-5e1f", r.authorization());
            assertEquals("gatehouse", r.resourceAttribute("service.name"));
            assertEquals("node-a", r.resourceAttribute("service.instance.id"));
            LogRecord log = r.log();
            Instant t = written.time();
            assertEquals(t.getEpochSecond() * 1_000_000_000L + t.getNano(), log.getTimeUnixNano());
            assertEquals(SeverityNumber.SEVERITY_NUMBER_ERROR, log.getSeverityNumber());
            assertEquals("ERROR", log.getSeverityText());
            assertEquals("gatehouse.audit", log.getEventName());
            assertEquals(TRACE, r.attribute("gatehouse.trace_id").getStringValue());
            assertEquals(written.nodeSequence(), r.sequence());
            assertEquals("node-a", r.attribute("gatehouse.node").getStringValue());
            assertEquals("call_completed", r.attribute("gatehouse.kind").getStringValue());
            assertEquals("upstream_error", r.attribute("gatehouse.outcome").getStringValue());
            assertEquals("quickstart", r.attribute("gatehouse.gateway").getStringValue());
            assertEquals("demo", r.attribute("gatehouse.server").getStringValue());
            assertEquals("echo", r.attribute("gen_ai.tool.name").getStringValue());
            JsonNode body = JSON.readTree(log.getBody().getStringValue());
            assertEquals(written.id(), body.get("id").asLong());
            assertEquals(written.hash(), body.get("hash").asText());
            assertEquals(TRACE, body.get("traceId").asText());
            assertFalse(server.get("admin", "/api/audit-sinks").body().contains("otlp-5e1f"), "the secret is never returned");
            assertEquals(204, server.delete("admin", "/api/audit-sinks/" + sink.get("id").asText()).statusCode());
        }
    }

    @Test
    void otlpLogsWhenTheCollectorIsKilledAndRestartedMidLoadThenEveryRecordArrivesOnceInOrderAfterCatchUp() throws Exception {
        try (OtlpLogsReceiver collector = new OtlpLogsReceiver()) {
            JsonNode sink = assertJson(201, server.post("admin", "/api/audit-sinks", JSON.writeValueAsString(Map.of(
                    "name", "collector under load", "kind", "otlp-logs", "url", collector.url()))));
            String id = sink.get("id").asText();
            List<CompletableFuture<AuditEvent>> written = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean restarted = new java.util.concurrent.atomic.AtomicBoolean();
            // at least 3,000 records, and on until the collector is back: the kill always falls in the middle of the
            // load, however fast the machine writes them (a fixed 3,000 could all be written before the sink noticed)
            Thread load = new Thread(() -> {
                for (int i = 0; (i < 3000 || !restarted.get()) && i < 30_000; i++) {
                    written.add(server.gatehouse().audit().append(AuditEvent.builder(AuditKind.ADMIN_ACTION, Outcome.SUCCESS)
                            .actor("load").detail("record " + i).build()));
                    if (i % 50 == 49) {
                        pause(60);
                    }
                }
            });
            load.start();

            await("the collector received part of the load", 60, () -> collector.received().size() >= 400);
            collector.kill();
            await("the sink noticed the collector is gone", 30, () -> failures(id) > 0);
            assertTrue(load.isAlive(), "the collector died in the middle of the load");
            collector.restart();
            restarted.set(true);
            load.join(120_000);
            CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get();

            Map<Long, Long> stored = StreamedRecords.stored(server.gatehouse(), "node-a");
            await("every record arrived after the catch-up", 120, () -> StreamedRecords.deduplicated(received(collector)).size()
                    >= stored.size());
            List<StreamedRecords.Received> received = received(collector);
            StreamedRecords.assertExactlyOnceInOrder(stored, received);
            JsonNode status = assertJson(200, server.get("admin", "/api/audit-sinks/" + id)).get("status").get(0);
            assertTrue(status.get("failures").asLong() > 0, status.toString());
            System.out.println("otlp logs: " + stored.size() + " records, " + received.size() + " log records received ("
                    + (received.size() - stored.size()) + " repeated after the kill), status " + status);
            assertEquals(204, server.delete("admin", "/api/audit-sinks/" + id).statusCode());
        }
    }

    private static List<StreamedRecords.Received> received(OtlpLogsReceiver collector) {
        return collector.received().stream().map(r -> new StreamedRecords.Received(r.id(),
                r.resourceAttribute("service.instance.id"), r.sequence(), r.attribute("gatehouse.kind").getStringValue(),
                r.log().getBody().getStringValue())).toList();
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
