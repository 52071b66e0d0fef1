package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.fields;
import static dev.gatehouse.admin.siem.StreamedRecords.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Splunk HEC and Elastic {@code _bulk} batches against a real HTTP receiver: the exact shapes, acknowledgement, catch-up. */
class AuditStreamHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RECORD_FIELDS = Set.of("id", "nodeId", "sequence", "correlationId", "time", "kind",
            "outcome", "hostId", "host", "tokenPublicId", "user", "actor", "gateway", "server", "tool", "method",
            "jsonRpcId", "httpStatus", "errorCode", "detail", "durationMicros", "upstreamDurationMicros", "bytesIn",
            "bytesOut", "clientAddress", "userAgent", "mcpSessionId", "previousHash", "hash", "keyId");

    @RegisterExtension
    static final AdminServer server = AdminServer.perClassWith("gatehouse.siem-allow-private-addresses", "true");

    @Test
    void splunkHecWhenRecordsAreWrittenThenEachIsOneEventOfTheDocumentedShapeWithTheToken() throws Exception {
        try (HttpReceiver hec = new HttpReceiver(r -> new HttpReceiver.Answer(200, "{\"text\":\"Success\",\"code\":0}"))) {
            JsonNode sink = assertJson(201, server.post("admin", "/api/audit-sinks", JSON.writeValueAsString(Map.of(
                    "name", "splunk", "kind", "splunk-hec", "url", hec.url() + "/splunk", "secret", "hec-token-5e1f",
                    "index", "gatehouse", "from", "now"))));
            assertEquals(Set.of("id", "name", "kind", "url", "format", "hasSecret", "hasCaCertificate", "index", "from",
                    "createdBy", "createdAt", "status", "source"), fields(sink));
            assertTrue(sink.get("hasSecret").asBoolean());
            AuditEvent written = server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED,
                    Outcome.SUCCESS).gateway("quickstart").server("demo").tool("echo").durationMicros(1234L).build());

            await("the record reached HEC", 30, () -> events(hec).stream().anyMatch(e -> e.path("event").path("id").asLong() == written.id()));
            HttpReceiver.Received request = hec.requests().get(0);
            assertEquals("POST", request.method());
            assertEquals("/splunk/services/collector/event", request.path());
            assertEquals("Splunk hec-token-5e1f", request.authorization());
            assertEquals("application/json", request.contentType());
            JsonNode event = events(hec).stream().filter(e -> e.path("event").path("id").asLong() == written.id()).findFirst().orElseThrow();
            assertEquals(Set.of("time", "host", "source", "sourcetype", "index", "event"), fields(event));
            assertEquals("node-a", event.get("host").asText());
            assertEquals("gatehouse", event.get("source").asText());
            assertEquals("gatehouse:audit", event.get("sourcetype").asText());
            assertEquals("gatehouse", event.get("index").asText());
            Instant t = written.time();
            BigDecimal seconds = new BigDecimal(t.getEpochSecond() + "." + String.format("%06d", t.getNano() / 1000));
            // a number, compared as one: 1796607736.942850 and 1796607736.94285 are the same time
            assertEquals(0, seconds.compareTo(event.get("time").decimalValue()), seconds + " vs " + event.get("time"));
            assertEquals(RECORD_FIELDS, fields(event.get("event")));
            assertEquals("call_completed", event.get("event").get("kind").asText());
            assertEquals(written.nodeSequence(), event.get("event").get("sequence").asLong());
            assertEquals(written.hash(), event.get("event").get("hash").asText());
            assertEquals(1234, event.get("event").get("durationMicros").asLong());
            String listed = server.get("admin", "/api/audit-sinks").body();
            assertFalse(listed.contains("hec-token-5e1f"), "the secret is never returned");
            assertEquals(204, server.delete("admin", "/api/audit-sinks/" + sink.get("id").asText()).statusCode());
        }
    }

    @Test
    void elasticBulkWhenTheReceiverFailsForAWhileThenNothingIsLostAndRepeatsAreCreateConflicts() throws Exception {
        Set<String> indexed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger failing = new AtomicInteger(3);
        AtomicInteger conflicts = new AtomicInteger();
        try (HttpReceiver es = new HttpReceiver(r -> bulkAnswer(r, indexed, failing, conflicts))) {
            JsonNode sink = assertJson(201, server.post("admin", "/api/audit-sinks", JSON.writeValueAsString(Map.of(
                    "name", "elastic", "kind", "elastic-bulk", "url", es.url(), "secret", "ApiKey ZWxhc3RpYw==",
                    "from", "beginning"))));
            String id = sink.get("id").asText();
            List<AuditEvent> written = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                written.add(server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.ADMIN_ACTION,
                        Outcome.SUCCESS).actor("bulk").detail("record " + i).build()));
            }
            Map<Long, Long> stored = StreamedRecords.stored(server.gatehouse(), "node-a");
            long last = stored.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            await("every record indexed and confirmed after the receiver recovered", 60, () -> indexed.size() >= stored.size()
                    && assertJson(200, server.get("admin", "/api/audit-sinks/" + id)).get("status").get(0).get("delivered").asLong() >= last);
            assertEquals(new TreeSet<>(stored.keySet().stream().map(String::valueOf).toList()), new TreeSet<>(indexed));

            HttpReceiver.Received request = es.requests().get(0);
            assertEquals("/_bulk", request.path());
            assertEquals("ApiKey ZWxhc3RpYw==", request.authorization());
            assertEquals("application/x-ndjson", request.contentType());
            String[] lines = es.requests().get(es.requests().size() - 1).body().split("\n");
            assertEquals(0, lines.length % 2);
            JsonNode action = JSON.readTree(lines[0]);
            assertEquals(Set.of("create"), fields(action));
            assertEquals(Set.of("_index", "_id"), fields(action.get("create")));
            assertEquals("gatehouse-audit", action.get("create").get("_index").asText());
            JsonNode doc = JSON.readTree(lines[1]);
            assertEquals(action.get("create").get("_id").asText(), doc.get("id").asText());
            Set<String> docFields = new java.util.HashSet<>(RECORD_FIELDS);
            docFields.add("@timestamp");
            assertEquals(docFields, fields(doc));
            assertEquals(doc.get("time").asText(), doc.get("@timestamp").asText());

            JsonNode status = assertJson(200, server.get("admin", "/api/audit-sinks/" + id)).get("status").get(0);
            assertEquals(4, status.get("failures").asLong(), status.toString());
            assertTrue(conflicts.get() > 0, "the batch indexed but answered 503 was sent again: create conflicts (409)");
            assertEquals(0, status.get("lagRecords").asLong(), status.toString());
            assertTrue(status.get("lastError").asText().contains("HTTP 503"), status.toString());
            assertEquals(204, server.delete("admin", "/api/audit-sinks/" + id).statusCode());
        }
    }

    @Test
    void deadSinkWhenCallsAreAuditedThenNoneWaitsAndTheLagShows() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        JsonNode sink = assertJson(201, server.post("admin", "/api/audit-sinks",
                "{\"name\":\"dead\",\"kind\":\"syslog-tcp\",\"target\":\"127.0.0.1:" + port + "\"}"));
        long slowest = 0;
        for (int i = 0; i < 200; i++) {
            long start = System.nanoTime();
            server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.ADMIN_ACTION, Outcome.SUCCESS)
                    .actor("dead-sink").build());
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        String id = sink.get("id").asText();
        await("the dead sink reports its failures and lag", 30, () -> {
            JsonNode st = assertJson(200, server.get("admin", "/api/audit-sinks/" + id)).get("status");
            return !st.isEmpty() && st.get(0).get("failures").asLong() > 0 && st.get(0).get("lagRecords").asLong() >= 200;
        });
        JsonNode status = assertJson(200, server.get("admin", "/api/audit-sinks/" + id)).get("status").get(0);
        assertFalse(status.get("healthy").asBoolean());
        assertTrue(status.get("lastError").asText().contains("Connection refused"), status.toString());
        System.out.println("dead sink: slowest durable audit write " + slowest / 1_000_000 + " ms; status " + status);
        assertTrue(slowest < 2_000_000_000L, "a dead sink never holds an audit write: slowest " + slowest / 1_000_000 + " ms");
        java.io.ByteArrayOutputStream scrape = new java.io.ByteArrayOutputStream();
        server.gatehouse().metrics().scrape("text/plain", scrape);
        String metrics = scrape.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(metric(metrics, "gatehouse_audit_sink_lag", "dead") >= 200, metrics);
        assertTrue(metric(metrics, "gatehouse_audit_sink_failures", "dead") >= 1, metrics);
        assertEquals(0, metric(metrics, "gatehouse_audit_sink_up", "dead"), metrics);
        assertEquals(204, server.delete("admin", "/api/audit-sinks/" + id).statusCode());
    }

    /** The value of a sink's sample in the Prometheus text, -1 when absent. */
    private static double metric(String text, String name, String sink) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "[a-z_]*\\{[^}]*sink=\"" + sink
                + "\"[^}]*} ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static List<JsonNode> events(HttpReceiver hec) {
        List<JsonNode> out = new ArrayList<>();
        for (HttpReceiver.Received r : hec.requests()) {
            for (String line : r.body().split("\n")) {
                try {
                    out.add(JSON.readTree(line));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return out;
    }

    /**
     * Fails the first three requests with 503; indexes the fourth but answers 503 (an answer lost after the work);
     * then indexes, answering 409 for an id seen before, as Elastic's create does.
     */
    private static HttpReceiver.Answer bulkAnswer(HttpReceiver.Received r, Set<String> indexed, AtomicInteger failing,
                                                  AtomicInteger conflicts) {
        int round = failing.getAndDecrement();
        if (round > 0) {
            return new HttpReceiver.Answer(503, "{\"error\":\"unavailable\"}");
        }
        StringBuilder items = new StringBuilder();
        boolean errors = false;
        String[] lines = r.body().split("\n");
        for (int i = 0; i < lines.length; i += 2) {
            String id;
            try {
                id = JSON.readTree(lines[i]).get("create").get("_id").asText();
            } catch (Exception e) {
                return new HttpReceiver.Answer(400, "{\"error\":\"bad bulk\"}");
            }
            int status = indexed.add(id) ? 201 : 409;
            if (status == 409) {
                conflicts.incrementAndGet();
            }
            errors |= status == 409;
            items.append(items.length() == 0 ? "" : ",").append("{\"create\":{\"_id\":\"").append(id)
                    .append("\",\"status\":").append(status).append("}}");
        }
        if (round == 0) {
            return new HttpReceiver.Answer(503, "{\"error\":\"answer lost\"}");
        }
        return new HttpReceiver.Answer(200, "{\"took\":1,\"errors\":" + errors + ",\"items\":[" + items + "]}");
    }
}
