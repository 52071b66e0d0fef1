package dev.gatehouse.core.siem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;

import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One audit record as a JSON object, every field as stored (times to the microsecond, durations in
 * microseconds, the chain's sequence and hashes), so a receiver can deduplicate by {@code id} and anyone
 * holding the chain key can check the record's hash. The same shape is what SIEM sinks receive and what a
 * retention archive holds, and {@link #parse} reads it back exactly.
 */
public final class AuditRecordJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditRecordJson() {
    }

    public static ObjectNode of(AuditEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", e.id());
        o.put("nodeId", e.nodeId());
        o.put("sequence", e.nodeSequence());
        o.put("correlationId", e.correlationId());
        o.put("time", e.time().toString());
        o.put("kind", e.kind().wireName());
        o.put("outcome", e.outcome().wireName());
        o.put("hostId", e.hostId());
        o.put("host", e.hostName());
        o.put("tokenPublicId", e.tokenPublicId());
        o.put("user", e.tokenIssuedBy());
        o.put("actor", e.actor());
        o.put("gateway", e.gateway());
        o.put("server", e.server());
        o.put("tool", e.tool());
        o.put("method", e.method());
        o.put("jsonRpcId", e.jsonRpcId());
        o.put("httpStatus", e.httpStatus());
        o.put("errorCode", e.errorCode());
        o.put("detail", e.detail());
        o.put("durationMicros", e.durationMicros());
        o.put("upstreamDurationMicros", e.upstreamDurationMicros());
        o.put("bytesIn", e.bytesIn());
        o.put("bytesOut", e.bytesOut());
        o.put("clientAddress", e.clientAddress());
        o.put("userAgent", e.userAgent());
        o.put("mcpSessionId", e.mcpSessionId());
        o.put("previousHash", e.previousHash());
        o.put("hash", e.hash());
        if (e.traceId() != null) { // only when tracing is on: the records' shape is otherwise unchanged
            o.put("traceId", e.traceId());
        }
        o.put("keyId", e.keyId());
        return o;
    }

    /** One line of JSON, no line break inside (control characters are escaped by JSON itself). */
    public static String line(AuditEvent e) {
        try {
            return JSON.writeValueAsString(of(e));
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The record a line of {@link #of} holds. */
    public static AuditEvent parse(JsonNode o) {
        return new AuditEvent(longOrNull(o, "id"), text(o, "correlationId"), Instant.parse(text(o, "time")),
                AuditKind.fromWire(text(o, "kind")), Outcome.fromWire(text(o, "outcome")), text(o, "hostId"),
                text(o, "host"), text(o, "tokenPublicId"), text(o, "user"), text(o, "actor"), text(o, "gateway"),
                text(o, "server"), text(o, "tool"), text(o, "method"), text(o, "jsonRpcId"), intOrNull(o, "httpStatus"),
                intOrNull(o, "errorCode"), text(o, "detail"), longOrNull(o, "durationMicros"),
                longOrNull(o, "upstreamDurationMicros"), longOrNull(o, "bytesIn"), longOrNull(o, "bytesOut"),
                text(o, "clientAddress"), text(o, "userAgent"), text(o, "mcpSessionId"), text(o, "nodeId"),
                longOrNull(o, "sequence"), text(o, "previousHash"), text(o, "hash"), text(o, "traceId"), text(o, "keyId"));
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long longOrNull(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static Integer intOrNull(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : v.asInt();
    }
}
