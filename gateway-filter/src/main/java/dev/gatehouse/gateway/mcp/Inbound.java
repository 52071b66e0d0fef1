package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.telemetry.CallTrace;
import dev.gatehouse.core.telemetry.CallTracing;
import dev.gatehouse.gateway.auth.BearerAuthFilter;
import dev.gatehouse.gateway.web.ClientFacts;
import dev.gatehouse.gateway.web.GatewayPath;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Who is asking, known before anything of the request is read: the grant, the client, the path's slug, and
 * the request's trace ({@link CallTrace#NONE} unless tracing is on).
 */
public record Inbound(TokenGrant grant, ClientFacts client, Optional<String> slug, CallTrace trace) {
    public Inbound(TokenGrant grant, ClientFacts client, Optional<String> slug) {
        this(grant, client, slug, CallTrace.NONE);
    }

    public static Inbound of(HttpServletRequest request) {
        return new Inbound(BearerAuthFilter.grant(request), ClientFacts.of(request), GatewayPath.slug(request));
    }

    /** A request that may be traced: its span starts now, in the client's trace when it sent {@code traceparent}. */
    public static Inbound of(HttpServletRequest request, CallTracing tracing) {
        CallTrace trace = tracing.enabled()
                ? tracing.start(request.getHeader("traceparent"), request.getHeader("tracestate")) : CallTrace.NONE;
        return new Inbound(BearerAuthFilter.grant(request), ClientFacts.of(request), GatewayPath.slug(request), trace);
    }
}
