package dev.gatehouse.gateway.web;

import dev.gatehouse.core.runtime.LocalIds;
import jakarta.servlet.http.HttpServletRequest;


/**
 * What the audit log records about the client side of one request, taken once at its start.
 *
 * @param correlationId ties together every audit record of this request
 * @param startNanos    {@link System#nanoTime()} when the request reached the gateway
 */
public record ClientFacts(String clientAddress, String userAgent, String correlationId, long startNanos) {
    public static ClientFacts of(HttpServletRequest request) {
        return new ClientFacts(request.getRemoteAddr(), request.getHeader("User-Agent"),
                LocalIds.uuid(), System.nanoTime());
    }

    /** Microseconds since the request reached the gateway. */
    public long elapsedMicros() {
        return (System.nanoTime() - startNanos) / 1000;
    }
}
