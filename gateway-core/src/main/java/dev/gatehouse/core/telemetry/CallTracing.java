package dev.gatehouse.core.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.List;

/**
 * Starts the span of each MCP request (W3C Trace Context): a child of the client's {@code traceparent} when
 * it sent a valid one, else the root of a new trace. A malformed {@code traceparent} is ignored as the
 * specification says (a new trace starts; the request is not refused). Off unless tracing is enabled, and
 * then nothing at all is done per request ({@link CallTrace#NONE}).
 */
public final class CallTracing {
    /** No tracing: every request gets {@link CallTrace#NONE}. */
    public static final CallTracing OFF = new CallTracing(null);

    private final Tracer tracer;

    CallTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    public boolean enabled() {
        return tracer != null;
    }

    /**
     * The span of a request that just arrived.
     *
     * @param traceparent the client's {@code traceparent} header, or null
     * @param tracestate  the client's {@code tracestate} header, or null
     */
    public CallTrace start(String traceparent, String tracestate) {
        if (tracer == null) {
            return CallTrace.NONE;
        }
        Context parent = traceparent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), new Headers(traceparent, tracestate), Headers.GETTER);
        Span span = tracer.spanBuilder("mcp").setParent(parent).setSpanKind(SpanKind.SERVER).startSpan();
        return new CallTrace(tracer, span);
    }

    /** The two Trace Context headers of one request. */
    private record Headers(String traceparent, String tracestate) {
        static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
            @Override
            public Iterable<String> keys(Headers carrier) {
                return List.of("traceparent", "tracestate");
            }

            @Override
            public String get(Headers carrier, String key) {
                if (carrier == null) {
                    return null;
                }
                return switch (key) {
                    case "traceparent" -> carrier.traceparent();
                    case "tracestate" -> carrier.tracestate();
                    default -> null;
                };
            }
        };
    }
}
