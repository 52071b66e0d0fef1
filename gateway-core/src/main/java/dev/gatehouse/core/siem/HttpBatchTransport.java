package dev.gatehouse.core.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.net.OutboundHttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batches of records as JSON over HTTPS, acknowledged per batch, through {@link OutboundHttp} (the SSRF
 * guard: checked and pinned addresses, no redirects, bounded answer).
 * <ul>
 * <li>Splunk HEC: {@code POST <url>/services/collector/event}, {@code Authorization: Splunk <token>}, one
 * {@code {"time","host","source":"gatehouse","sourcetype":"gatehouse:audit","index"?,"event":{record}}} per
 * record, concatenated; accepted when the answer is 200 with {@code "code":0}.</li>
 * <li>Elastic {@code _bulk}: {@code POST <url>/_bulk}, {@code application/x-ndjson}, per record a line
 * {@code {"create":{"_index":…,"_id":"<record id>"}}} and the record with {@code @timestamp}; accepted when
 * every item is 201, or 409 (that id is already there: a repeat after a retry, which {@code create} with the
 * record id makes harmless). The secret, when set, is sent as the {@code Authorization} value.</li>
 * </ul>
 */
final class HttpBatchTransport implements SinkTransport {
    static final String DEFAULT_ELASTIC_INDEX = "gatehouse-audit";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_ANSWER = 4 * 1024 * 1024;

    private final AuditSink sink;
    private final String secret;
    private final OutboundHttp http;

    HttpBatchTransport(AuditSink sink, String secret, OutboundHttp http) {
        this.sink = sink;
        this.secret = secret;
        this.http = http;
    }

    @Override
    public void send(List<AuditEvent> batch) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Gatehouse audit stream");
        headers.put("Accept", "application/json");
        byte[] body;
        String path;
        if (sink.kind() == SinkKind.SPLUNK_HEC) {
            path = "/services/collector/event";
            headers.put("Content-Type", "application/json");
            headers.put("Authorization", "Splunk " + secret);
            body = hec(batch, sink.index());
        } else {
            path = "/_bulk";
            headers.put("Content-Type", "application/x-ndjson");
            if (secret != null) {
                headers.put("Authorization", secret);
            }
            body = bulk(batch, sink.index() == null ? DEFAULT_ELASTIC_INDEX : sink.index());
        }
        String base = sink.target().endsWith("/") ? sink.target().substring(0, sink.target().length() - 1) : sink.target();
        OutboundHttp.Response answer = http.send("POST", URI.create(base + path), headers, body, TIMEOUT, MAX_ANSWER);
        check(answer);
    }

    static byte[] hec(List<AuditEvent> batch, String index) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 800);
        for (AuditEvent e : batch) {
            ObjectNode event = JSON.createObjectNode();
            // seconds since the epoch with the record's microseconds, as HEC's "time" takes it
            event.put("time", BigDecimal.valueOf(e.time().getEpochSecond()).add(BigDecimal.valueOf(e.time().getNano() / 1000, 6)));
            event.put("host", e.nodeId());
            event.put("source", "gatehouse");
            event.put("sourcetype", "gatehouse:audit");
            if (index != null) {
                event.put("index", index);
            }
            event.set("event", AuditRecordJson.of(e));
            out.write(JSON.writeValueAsBytes(event));
            out.write('\n');
        }
        return out.toByteArray();
    }

    static byte[] bulk(List<AuditEvent> batch, String index) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 800);
        for (AuditEvent e : batch) {
            ObjectNode action = JSON.createObjectNode();
            ObjectNode create = action.putObject("create");
            create.put("_index", index);
            create.put("_id", String.valueOf(e.id()));
            out.write(JSON.writeValueAsBytes(action));
            out.write('\n');
            ObjectNode doc = JSON.createObjectNode();
            doc.put("@timestamp", e.time().toString());
            doc.setAll(AuditRecordJson.of(e));
            out.write(JSON.writeValueAsBytes(doc));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private void check(OutboundHttp.Response answer) throws IOException {
        if (answer.status() / 100 != 2) {
            throw new IOException("the receiver answered HTTP " + answer.status());
        }
        JsonNode reply;
        try {
            reply = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IOException("the receiver's answer is not JSON");
        }
        if (reply == null) {
            throw new IOException("the receiver's answer is empty");
        }
        if (sink.kind() == SinkKind.SPLUNK_HEC) {
            if (reply.path("code").asInt(-1) != 0) {
                throw new IOException("HEC refused the batch: code " + reply.path("code").asText("?"));
            }
            return;
        }
        if (reply.path("errors").asBoolean(false)) {
            for (JsonNode item : reply.path("items")) {
                int status = item.path("create").path("status").asInt(0);
                if (status != 201 && status != 409) {
                    throw new IOException("_bulk refused a record: status " + status + " "
                            + item.path("create").path("error").path("type").asText(""));
                }
            }
        }
    }

    @Override
    public boolean acknowledges() {
        return true;
    }

    @Override
    public void close() {
        // one connection per batch: nothing held between batches
    }
}
