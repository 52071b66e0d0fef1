package dev.gatehouse.core.telemetry;

import dev.gatehouse.core.model.Outcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The trace of one MCP request: its span (kind SERVER), the governance steps as child spans, and the
 * upstream exchange as a child span (kind CLIENT) whose id the upstream receives in {@code traceparent}.
 * Named when it ends, after what the request turned out to be ({@code tools/call echo}); attributes follow
 * the OpenTelemetry conventions for MCP ({@code mcp.method.name}, {@code gen_ai.tool.name}) plus Gatehouse's
 * own ({@code gatehouse.gateway}, {@code gatehouse.server}, {@code gatehouse.outcome}). {@link #NONE} does
 * nothing and has no trace id.
 */
public final class CallTrace {
    /** The trace of every request while tracing is off. */
    public static final CallTrace NONE = new CallTrace(null, null);

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> TOOL = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("jsonrpc.request.id");
    static final AttributeKey<String> GATEWAY = AttributeKey.stringKey("gatehouse.gateway");
    static final AttributeKey<String> SERVER = AttributeKey.stringKey("gatehouse.server");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("gatehouse.outcome");
    static final AttributeKey<String> DECISION = AttributeKey.stringKey("gatehouse.decision");
    static final AttributeKey<String> CORRELATION = AttributeKey.stringKey("gatehouse.correlation_id");
    static final AttributeKey<Long> ERROR_CODE = AttributeKey.longKey("rpc.jsonrpc.error_code");

    private final Tracer tracer;
    private final Span span;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Span upstream;

    CallTrace(Tracer tracer, Span span) {
        this.tracer = tracer;
        this.span = span;
    }

    /** The W3C trace id (32 hex digits) for the audit record, or null when not traced. */
    public String traceId() {
        if (span == null) {
            return null;
        }
        SpanContext c = span.getSpanContext();
        return c.isValid() ? c.getTraceId() : null;
    }

    /** A governance step's child span, from {@code startNanos} ({@link System#nanoTime()}) to now. */
    public void step(CallMetrics.Step step, String decision, long startNanos) {
        if (span == null) {
            return;
        }
        long now = System.nanoTime();
        long endEpochNanos = epochNanos();
        tracer.spanBuilder("gatehouse " + step.label).setParent(Context.root().with(span))
                .setStartTimestamp(endEpochNanos - (now - startNanos), TimeUnit.NANOSECONDS)
                .setAttribute(DECISION, decision).startSpan()
                .end(endEpochNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts the upstream exchange's span and returns the {@code traceparent} header for the upstream
     * (the trace's id, this span's id), or null when not traced.
     */
    public String upstream(String server) {
        if (span == null) {
            return null;
        }
        Span s = tracer.spanBuilder("upstream " + server).setParent(Context.root().with(span))
                .setSpanKind(SpanKind.CLIENT).setAttribute(SERVER, server).startSpan();
        upstream = s;
        SpanContext c = s.getSpanContext();
        return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
    }

    /** The upstream answered (or failed): its span ends. */
    public void upstreamAnswered() {
        Span s = upstream;
        if (s != null) {
            upstream = null;
            s.end();
        }
    }

    /**
     * The request ended: the span is named after it and ends (once; later calls do nothing).
     *
     * @param server    the server's slug, or null when none was reached
     * @param tool      the tool a {@code tools/call} named, else null
     * @param errorCode the JSON-RPC error code of the answer, or null
     */
    public void end(String method, String gateway, String server, String tool, String requestId, String correlationId,
                    Outcome outcome, Integer errorCode) {
        if (span == null || !ended.compareAndSet(false, true)) {
            return;
        }
        upstreamAnswered();
        String name = method == null ? "mcp" : tool == null ? method : method + " " + tool;
        span.updateName(name);
        if (method != null) {
            span.setAttribute(METHOD, method);
        }
        if (tool != null) {
            span.setAttribute(TOOL, tool);
        }
        if (requestId != null) {
            span.setAttribute(REQUEST_ID, requestId);
        }
        if (gateway != null) {
            span.setAttribute(GATEWAY, gateway);
        }
        if (server != null) {
            span.setAttribute(SERVER, server);
        }
        span.setAttribute(CORRELATION, correlationId);
        span.setAttribute(OUTCOME, outcome.wireName());
        if (errorCode != null) {
            span.setAttribute(ERROR_CODE, (long) errorCode);
        }
        if (outcome != Outcome.SUCCESS && outcome != Outcome.STARTED) {
            span.setStatus(StatusCode.ERROR, outcome.wireName());
        }
        span.end();
    }

    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
