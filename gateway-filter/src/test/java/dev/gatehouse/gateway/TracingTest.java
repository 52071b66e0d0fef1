package dev.gatehouse.gateway;

import com.google.protobuf.ByteString;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Traces over OTLP, received by a collector that decodes the real {@code opentelemetry-proto} messages: a
 * client's W3C {@code traceparent} continues into Gatehouse's span for the call, the governance steps are its
 * child spans, the upstream gets a {@code traceparent} naming Gatehouse's own child span (never the client's
 * header), and the audit records carry the trace id. Metrics go over OTLP to the same collector.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TracingTest {
    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private OtlpReceiver collector;
    private GatewayHarness gw;

    @BeforeAll
    void start() throws Exception {
        collector = new OtlpReceiver();
        gw = GatewayHarness.withSettings(Map.of("otlp-endpoint", collector.endpoint(),
                "otel.bsp.schedule.delay", "100", "otel.metric.export.interval", "500"));
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
        collector.close();
    }

    private static String call(String id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"traced " + id + "\"}}}";
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static String attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).map(KeyValue::getValue)
                .map(v -> v.hasStringValue() ? v.getStringValue() : String.valueOf(v.getIntValue())).findFirst().orElse(null);
    }

    private UpstreamRecorder.Seen upstreamSaw(String id) {
        return gw.upstream.seen.stream().filter(s -> s.body().contains("traced " + id)).findFirst()
                .orElseThrow(() -> new AssertionError("the upstream never saw " + id));
    }

    @Test
    void callWhenClientSendsTraceparentThenItsTraceContinuesThroughGatehouseToTheUpstreamAndIntoTheAudit() throws Exception {
        String id = "t-" + UUID.randomUUID();
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, call(id),
                "traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01", "tracestate", "vendor=x");
        assertEquals(200, r.statusCode(), r.body());

        Span server = collector.awaitSpan(s -> id.equals(attribute(s, "jsonrpc.request.id")), "no span for the call");
        assertEquals(CLIENT_TRACE, hex(server.getTraceId()));
        assertEquals(CLIENT_SPAN, hex(server.getParentSpanId()), "a child of the client's span");
        assertEquals("tools/call echo", server.getName());
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, server.getKind());
        assertEquals("tools/call", attribute(server, "mcp.method.name"));
        assertEquals("echo", attribute(server, "gen_ai.tool.name"));
        assertEquals("quickstart", attribute(server, "gatehouse.gateway"));
        assertEquals("demo", attribute(server, "gatehouse.server"));
        assertEquals("success", attribute(server, "gatehouse.outcome"));

        Span rateLimit = collector.awaitSpan(s -> s.getName().equals("gatehouse rate_limit")
                && s.getParentSpanId().equals(server.getSpanId()), "no governance step span under the call's span");
        assertEquals("allowed", attribute(rateLimit, "gatehouse.decision"));
        assertTrue(rateLimit.getStartTimeUnixNano() >= server.getStartTimeUnixNano()
                && rateLimit.getEndTimeUnixNano() <= server.getEndTimeUnixNano(), "within the call's span");

        String upstreamHeader = upstreamSaw(id).header("traceparent");
        assertNotNull(upstreamHeader, "the upstream got a traceparent");
        String[] parts = upstreamHeader.split("-");
        assertEquals("00", parts[0]);
        assertEquals(CLIENT_TRACE, parts[1], "the client's trace");
        assertNotEquals(CLIENT_SPAN, parts[2], "Gatehouse's span id, not the client's");
        assertEquals("01", parts[3]);
        assertEquals(null, upstreamSaw(id).header("tracestate"), "the client's headers do not travel");
        Span upstream = collector.awaitSpan(s -> hex(s.getSpanId()).equals(parts[2]), "no span with the upstream's parent id");
        assertEquals("upstream demo", upstream.getName());
        assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, upstream.getKind());
        assertEquals(server.getSpanId(), upstream.getParentSpanId());

        AuditEvent completed = gw.completed(id);
        assertEquals(CLIENT_TRACE, completed.traceId());
        AuditEvent started = gw.awaitAudit(e -> id.equals(e.jsonRpcId()) && e.kind() == AuditKind.CALL_STARTED, "no start record");
        assertEquals(CLIENT_TRACE, started.traceId());
        assertTrue(collector.contentTypes.stream().allMatch("application/x-protobuf"::equals), collector.contentTypes.toString());
    }

    @Test
    void callWhenTraceparentMalformedOrAbsentThenANewTraceStartsAndTheCallIsAnswered() throws Exception {
        for (String header : new String[] {"00-" + CLIENT_TRACE + "-" + CLIENT_SPAN, "zz-not-a-trace", "00-"
                + "0".repeat(32) + "-" + CLIENT_SPAN + "-01", null}) {
            String id = "m-" + UUID.randomUUID();
            HttpResponse<String> r = header == null ? McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, call(id))
                    : McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, call(id), "traceparent", header);
            assertEquals(200, r.statusCode(), r.body());
            Span span = collector.awaitSpan(s -> id.equals(attribute(s, "jsonrpc.request.id")), "no span for " + header);
            assertNotEquals(CLIENT_TRACE, hex(span.getTraceId()), String.valueOf(header));
            assertTrue(span.getParentSpanId().isEmpty(), "a root span for " + header);
            assertEquals(hex(span.getTraceId()), gw.completed(id).traceId());
        }
    }

    @Test
    void metricsWhenOtlpConfiguredThenTheCallCounterReachesTheCollector() throws Exception {
        String id = "c-" + UUID.randomUUID();
        assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, call(id)).statusCode());
        Metric calls = collector.awaitMetric("gatehouse.calls");
        assertTrue(calls.hasSum() && calls.getSum().getIsMonotonic(), calls.toString());
        assertTrue(calls.getSum().getDataPointsList().stream().anyMatch(p -> p.getAsInt() >= 1
                && p.getAttributesList().stream().anyMatch(a -> a.getKey().equals("gateway")
                && a.getValue().getStringValue().equals("quickstart"))), calls.toString());
        assertEquals("s", collector.awaitMetric("gatehouse.call.duration").getUnit());
    }
}
