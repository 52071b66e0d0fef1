package dev.gatehouse.core.siem;

import dev.gatehouse.core.model.AuditEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.Body;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Audit records as OpenTelemetry log records: the body is the record's JSON line (the shape every sink
 * carries, hashes included), the attributes repeat what a collector routes or deduplicates on
 * ({@code gatehouse.record.id}, {@code gatehouse.node}, {@code gatehouse.sequence}, kind, outcome, gateway,
 * server, tool, trace id), the severity follows syslog's (informational; warning for refusals; error for
 * failures), the event name is {@code gatehouse.audit}. The resource names the service ({@code service.name}
 * gatehouse) and the writing node ({@code service.instance.id}).
 */
final class OtlpAuditLogs {
    static final String EVENT_NAME = "gatehouse.audit";
    private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("dev.gatehouse.audit");
    private static final AttributeKey<Long> RECORD_ID = AttributeKey.longKey("gatehouse.record.id");
    private static final AttributeKey<String> NODE = AttributeKey.stringKey("gatehouse.node");
    private static final AttributeKey<Long> SEQUENCE = AttributeKey.longKey("gatehouse.sequence");
    private static final AttributeKey<String> KIND = AttributeKey.stringKey("gatehouse.kind");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("gatehouse.outcome");
    private static final AttributeKey<String> GATEWAY = AttributeKey.stringKey("gatehouse.gateway");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("gatehouse.server");
    private static final AttributeKey<String> TOOL = AttributeKey.stringKey("gen_ai.tool.name");
    private static final AttributeKey<String> TRACE_ID = AttributeKey.stringKey("gatehouse.trace_id");

    private OtlpAuditLogs() {
    }

    /** One log record per audit record, in the batch's order. */
    static List<LogRecordData> of(List<AuditEvent> batch) {
        List<LogRecordData> out = new ArrayList<>(batch.size());
        Resource resource = null;
        String resourceNode = null;
        for (AuditEvent e : batch) {
            if (resource == null || !e.nodeId().equals(resourceNode)) {
                resourceNode = e.nodeId();
                resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "gatehouse",
                        AttributeKey.stringKey("service.instance.id"), resourceNode)));
            }
            out.add(new AuditLogRecord(resource, e));
        }
        return out;
    }

    static Severity severity(AuditEvent e) {
        return switch (SyslogMessage.severity(e.outcome())) {
            case 3 -> Severity.ERROR;
            case 4 -> Severity.WARN;
            default -> Severity.INFO;
        };
    }

    private static Attributes attributesOf(AuditEvent e) {
        AttributesBuilder a = Attributes.builder().put(RECORD_ID, e.id()).put(NODE, e.nodeId())
                .put(SEQUENCE, e.nodeSequence()).put(KIND, e.kind().wireName()).put(OUTCOME, e.outcome().wireName());
        if (e.gateway() != null) {
            a.put(GATEWAY, e.gateway());
        }
        if (e.server() != null) {
            a.put(SERVER, e.server());
        }
        if (e.tool() != null) {
            a.put(TOOL, e.tool());
        }
        if (e.traceId() != null) {
            a.put(TRACE_ID, e.traceId());
        }
        return a.build();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** An audit record seen as the SDK's log record data, which the SDK's OTLP marshaler encodes. */
    private record AuditLogRecord(Resource resource, AuditEvent event, Attributes attributes) implements LogRecordData {
        AuditLogRecord(Resource resource, AuditEvent event) {
            this(resource, event, attributesOf(event));
        }

        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return SCOPE;
        }

        @Override
        public long getTimestampEpochNanos() {
            return nanos(event.time());
        }

        @Override
        public long getObservedTimestampEpochNanos() {
            return nanos(event.time());
        }

        @Override
        public SpanContext getSpanContext() {
            // the record knows its trace but no span of it, and the SDK writes a trace id only with a span id:
            // the trace id travels as the attribute gatehouse.trace_id (and in the body)
            return SpanContext.getInvalid();
        }

        @Override
        public Severity getSeverity() {
            return severity(event);
        }

        @Override
        public String getSeverityText() {
            return severity(event).name();
        }

        @SuppressWarnings("deprecation") // the SDK's marshaler still reads the body through it
        @Override
        public Body getBody() {
            return Body.string(AuditRecordJson.line(event));
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public int getTotalAttributeCount() {
            return attributes.size();
        }

        @Override
        public String getEventName() {
            return EVENT_NAME;
        }
    }
}
