package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditUnavailable;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.telemetry.CallMetrics;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.gateway.web.ClientFacts;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The audit records of the MCP endpoint. Every record carries the grant (host, token public id, the
 * user who issued the token, gateway) and the client facts, under the request's correlation id.
 * Only {@code tools/call} waits for durability: before forwarding (fail closed) and before its reply
 * completes; the others are appended and group-committed in the background.
 */
public final class CallAudit {
    private static final System.Logger LOG = System.getLogger(CallAudit.class.getName());
    private final AuditLog log;
    private final Duration durableWait;
    private final CallMetrics metrics;

    /** @param metrics counts each ending recorded here (calls, requests, their durations) */
    public CallAudit(AuditLog log, Duration durableWait, CallMetrics metrics) {
        this.log = log;
        this.durableWait = durableWait;
        this.metrics = metrics;
    }

    /**
     * Writes CALL_STARTED and waits until it is durable. If the wait ends first the call is refused, and
     * should the record commit later after all, a CALL_COMPLETED record saying the call was not forwarded
     * follows it: the log never shows a call started that never reached the upstream.
     *
     * @throws AuditUnavailable when it is not: the call must then be refused, not forwarded
     */
    public void started(McpCall call) {
        log.appendDurably(of(call, AuditKind.CALL_STARTED, Outcome.STARTED).build(), late -> notForwarded(call));
    }

    private static AuditEvent notForwarded(McpCall call) {
        McpError refusal = McpError.auditUnavailable(call.id());
        return of(call, AuditKind.CALL_COMPLETED, refusal.outcome()).httpStatus(refusal.status())
                .errorCode(refusal.error().code()).durationMicros(call.inbound().client().elapsedMicros())
                .detail("not forwarded: the start record became durable only after the client was refused").build();
    }

    /**
     * Writes CALL_STARTED durably; when it cannot, answers the client 503 (fail closed) and returns false:
     * the call must then not be forwarded.
     */
    boolean startedOrRefused(McpCall call, ClientLeg leg) {
        try {
            started(call);
            return true;
        } catch (AuditUnavailable e) {
            LOG.log(System.Logger.Level.ERROR, "tools/call " + call.inbound().client().correlationId()
                    + " refused, audit log unavailable: " + LogText.cause(e));
            leg.error(McpError.auditUnavailable(call.id()));
            leg.complete();
            return false;
        }
    }

    /** Records the ending as the call's plan says; completes when the reply may complete. */
    public CompletableFuture<Void> completed(McpCall call, Ending ending) {
        AuditKind kind = switch (call.plan()) {
            case CALL -> AuditKind.CALL_COMPLETED;
            case LIST -> AuditKind.LIST;
            case REQUEST -> AuditKind.REQUEST;
            case NONE -> null;
        };
        long elapsed = call.inbound().client().elapsedMicros();
        traced(call, ending.outcome(), ending.errorCode());
        if (kind == null) {
            return CompletableFuture.completedFuture(null);
        }
        count(call, ending.outcome(), elapsed, ending.upstreamMicros());
        AuditEvent event = of(call, kind, ending.outcome()).httpStatus(ending.httpStatus()).errorCode(ending.errorCode())
                .detail(withIdentity(call, ending.detail())).durationMicros(elapsed).upstreamDurationMicros(ending.upstreamMicros())
                .bytesOut(ending.bytesOut()).build();
        CompletableFuture<Void> written = log.append(event)
                .orTimeout(durableWait.toMillis(), TimeUnit.MILLISECONDS)
                .handle((stored, error) -> {
                    if (error != null) {
                        LOG.log(System.Logger.Level.ERROR, "completion record " + call.inbound().client().correlationId()
                                + " not durable (its start record is): " + LogText.cause(error), error);
                    }
                    return null;
                });
        return call.plan() == AuditPlan.CALL ? written : CompletableFuture.completedFuture(null);
    }

    /**
     * A call that ended before it was sent: one DENIED record (the kind of a call never sent), durable
     * before the refusal is answered. Its outcome says why: {@code denied} when the allow-list, a rule or
     * an admin refused it (or it names nothing the gateway publishes), {@code revoked} when its credential
     * ended while it was held, {@code cancelled} when a held call was withdrawn (its client went away, the
     * node stopped): nobody denied that one.
     */
    public CompletableFuture<Void> denied(McpCall call, McpError error) {
        Outcome outcome = switch (error.outcome()) {
            case REVOKED, CANCELLED -> error.outcome();
            default -> Outcome.DENIED;
        };
        long elapsed = call.inbound().client().elapsedMicros();
        count(call, outcome, elapsed, null);
        traced(call, outcome, error.error().code());
        AuditEvent event = of(call, AuditKind.DENIED, outcome).httpStatus(error.status())
                .errorCode(error.error().code()).detail(error.error().message())
                .durationMicros(elapsed).build();
        return log.append(event).orTimeout(durableWait.toMillis(), TimeUnit.MILLISECONDS)
                .handle((stored, e) -> {
                    if (e != null) {
                        LOG.log(System.Logger.Level.WARNING, "denial record " + event.correlationId()
                                + " not durable in time (the call is refused all the same): " + LogText.cause(e));
                    }
                    return null;
                });
    }

    /** Ends the request's span (when traced), named after it. */
    private static void traced(McpCall call, Outcome outcome, Integer errorCode) {
        call.inbound().trace().end(call.method(), call.gateway().slug(), call.server() == null ? null : call.server().slug(),
                call.tool(), call.id().text(), call.inbound().client().correlationId(), outcome, errorCode);
    }

    /** Counts an ended call or request in the metrics: a call by server and tool, any other request by kind. */
    private void count(McpCall call, Outcome outcome, long elapsedMicros, Long upstreamMicros) {
        switch (call.plan()) {
            case CALL -> metrics.call(call.gateway().slug(), call.server() == null ? null : call.server().slug(),
                    call.tool(), outcome, elapsedMicros, upstreamMicros);
            case LIST -> metrics.request(call.gateway().slug(), CallMetrics.LIST, outcome);
            case REQUEST -> metrics.request(call.gateway().slug(), CallMetrics.REQUEST, outcome);
            case NONE -> { }
        }
    }

    /** A request refused before forwarding: one REQUEST record, not waited for. */
    public void rejected(Intake.Refused refused) {
        ClientFacts client = refused.inbound().client();
        // after the gate: the path's gateway is one the token was granted, so the label stays bounded
        metrics.request(refused.inbound().slug().orElse(CallMetrics.NO_GATEWAY), CallMetrics.REJECTED,
                refused.error().outcome());
        refused.inbound().trace().end(refused.method(), refused.inbound().slug().orElse(null), null, null,
                refused.error().id().text(), client.correlationId(), refused.error().outcome(), refused.error().error().code());
        AuditEvent event = AuditEvent.builder(AuditKind.REQUEST, refused.error().outcome())
                .correlationId(client.correlationId()).grant(refused.inbound().grant())
                .gateway(refused.inbound().slug().orElse(null)).method(refused.method())
                .jsonRpcId(refused.error().id().text()).httpStatus(refused.error().status())
                .errorCode(refused.error().error().code()).detail(refused.error().error().message())
                .durationMicros(client.elapsedMicros()).clientAddress(client.clientAddress())
                .userAgent(client.userAgent()).traceId(refused.inbound().trace().traceId()).build();
        log.append(event).exceptionally(e -> {
            LOG.log(System.Logger.Level.WARNING, "refusal record " + event.correlationId() + " not written: " + LogText.cause(e));
            return null;
        });
    }

    /**
     * A listen stream (GET) cut because its client fell too far behind ({@code why}): one {@code REQUEST}
     * record, outcome {@code cancelled}, not waited for. A listen stream has no other record.
     */
    public void listenCut(Inbound inbound, String why) {
        ClientFacts client = inbound.client();
        AuditEvent event = AuditEvent.builder(AuditKind.REQUEST, Outcome.CANCELLED)
                .correlationId(client.correlationId()).grant(inbound.grant())
                .gateway(inbound.slug().orElse(null)).method("GET").httpStatus(200)
                .detail("listen stream cut: " + why).durationMicros(client.elapsedMicros())
                .clientAddress(client.clientAddress()).userAgent(client.userAgent())
                .traceId(inbound.trace().traceId()).build();
        log.append(event).exceptionally(e -> {
            LOG.log(System.Logger.Level.WARNING, "cut record " + event.correlationId() + " not written: " + LogText.cause(e));
            return null;
        });
    }

    /**
     * The detail with the identity the call presented upstream, when the server's assignment names one
     * ({@code identity per-user alice [id] (upstream subject s)}): never a secret.
     */
    static String withIdentity(McpCall call, String detail) {
        if (call.server() == null || call.server().identity() == null) {
            return detail;
        }
        String identity = call.server().identity().describe();
        return detail == null ? identity : detail + "; " + identity;
    }

    private static AuditEvent.Builder of(McpCall call, AuditKind kind, Outcome outcome) {
        ClientFacts client = call.inbound().client();
        return AuditEvent.builder(kind, outcome)
                .correlationId(client.correlationId())
                .grant(call.inbound().grant())
                .gateway(call.gateway().slug())
                .server(call.server() == null ? null : call.server().slug())
                .tool(call.tool())
                .method(call.method())
                .jsonRpcId(call.id().text())
                .bytesIn((long) call.body().length)
                .clientAddress(client.clientAddress())
                .userAgent(client.userAgent())
                .mcpSessionId(call.session() == null ? null : call.session().state().shortHandle())
                .detail(withIdentity(call, null))
                .traceId(call.inbound().trace().traceId());
    }
}
