package dev.gatehouse.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.approval.ApprovalDesk;
import dev.gatehouse.core.approval.HeldCall;
import dev.gatehouse.core.approval.Verdict;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.limits.Acquisition;
import dev.gatehouse.core.limits.RateLimiter;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.quarantine.ToolQuarantine;
import dev.gatehouse.core.rules.Decision;
import dev.gatehouse.core.rules.Hook;
import dev.gatehouse.core.rules.RuleAudit;
import dev.gatehouse.core.rules.RuleEngine;
import dev.gatehouse.core.telemetry.CallMetrics;
import dev.gatehouse.core.telemetry.CallMetrics.Step;
import dev.gatehouse.core.text.LogText;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The governance of one {@code tools/call}, in the order the gateway applies it: before the call is sent
 * ({@link #admit}): the tool's quarantine, the rate limits, the request rules and, if a rule asks, an
 * admin's approval; before its result is relayed ({@link #review}): the response rules; and on
 * {@code tools/list}, the quarantine's filter ({@link #visibleTools}). Each decision is audited here.
 * Container-free: the gateway calls it at these three points only.
 */
public final class CallGovernor {
    private static final System.Logger LOG = System.getLogger(CallGovernor.class.getName());
    /** How often a held call reports that it is still waiting (for progress notifications on its stream). */
    public static final Duration STILL_HELD_EVERY = Duration.ofSeconds(10);

    private final ToolQuarantine quarantine;
    private final RateLimiter limiter;
    private final RuleEngine engine;
    private final ApprovalDesk approvals;
    private final AuditLog audit;
    private final ScheduledExecutorService scheduler;
    private final Duration stillHeldEvery;
    private final CallMetrics metrics;

    public CallGovernor(ToolQuarantine quarantine, RateLimiter limiter, RuleEngine engine, ApprovalDesk approvals,
                        AuditLog audit, ScheduledExecutorService scheduler, Duration stillHeldEvery) {
        this(quarantine, limiter, engine, approvals, audit, scheduler, stillHeldEvery, CallMetrics.discarding());
    }

    /** @param metrics counts each step's decisions ({@code gatehouse_governance_decisions_total}) */
    public CallGovernor(ToolQuarantine quarantine, RateLimiter limiter, RuleEngine engine, ApprovalDesk approvals,
                        AuditLog audit, ScheduledExecutorService scheduler, Duration stillHeldEvery, CallMetrics metrics) {
        this.metrics = metrics;
        this.quarantine = quarantine;
        this.limiter = limiter;
        this.engine = engine;
        this.approvals = approvals;
        this.audit = audit;
        this.scheduler = scheduler;
        this.stillHeldEvery = stillHeldEvery;
    }

    /**
     * Decides whether the call may be sent. Never completes exceptionally.
     *
     * @param stillHeld called every {@code stillHeldEvery} (normally {@link #STILL_HELD_EVERY}) while the call waits for approval, with the
     *                  time waited so far (the gateway sends a progress notification, keeping an SSE stream
     *                  alive)
     */
    public CompletableFuture<Admission> admit(GovernedCall call, Consumer<Duration> stillHeld) {
        try {
            return admitOrFail(call, stillHeld);
        } catch (RuntimeException e) {
            // quarantine or limits could not be read at all (database unavailable): refuse, never guess (fail closed)
            LOG.log(System.Logger.Level.WARNING, "tools/call " + call.correlationId() + " refused, governance"
                    + " unavailable: " + e);
            return done(unavailable());
        }
    }

    /** Gatehouse's own database did not answer: 503, retry shortly. */
    private static Admission.Refused unavailable() {
        return new Admission.Refused(503, new dev.gatehouse.core.jsonrpc.JsonRpcError(
                dev.gatehouse.core.jsonrpc.JsonRpcError.INTERNAL_ERROR, "Gatehouse is temporarily unavailable"), 5L);
    }

    private CompletableFuture<Admission> admitOrFail(GovernedCall call, Consumer<Duration> stillHeld) {
        long started = System.nanoTime();
        if (call.serverId() != null && !quarantine.allowed(call.serverId(), call.upstreamTool())) {
            record(call, AuditKind.QUARANTINE, Outcome.DENIED, "call refused: the tool's definition awaits review");
            decided(call, Step.QUARANTINE, CallMetrics.REFUSED, started);
            return done(new Admission.Refused(403, GovernanceErrors.quarantined(call.tool()), null));
        }
        long limiting = System.nanoTime();
        Acquisition acquisition = limiter.tryAcquire(call.grant());
        if (acquisition instanceof Acquisition.Limited limited) {
            decided(call, Step.RATE_LIMIT, CallMetrics.REFUSED, limiting);
            record(call, AuditKind.RATE_LIMITED, Outcome.DENIED, "rate limit '" + limited.limitName() + "' ("
                    + limited.limitId() + "): " + limited.bound() + ", retry after " + limited.retryAfterSeconds() + " s");
            return done(new Admission.Refused(429, GovernanceErrors.rateLimited(limited.limitName(), limited.retryAfter()),
                    limited.retryAfterSeconds()));
        }
        Acquisition.Permit permit = (Acquisition.Permit) acquisition;
        decided(call, Step.RATE_LIMIT, CallMetrics.ALLOWED, limiting);
        JsonNode arguments = call.arguments();
        if (arguments == null || !engine.active(call.gateway(), Hook.REQUEST)) {
            return done(new Admission.Proceed(null, permit));
        }
        long evaluating = System.nanoTime();
        return engine.evaluateAsync(Hook.REQUEST, call.context(), arguments)
                .thenCompose(decision -> decided(call, decision, permit, stillHeld, evaluating))
                .exceptionally(e -> {
                    permit.close();
                    LOG.log(System.Logger.Level.ERROR, "request rules of call " + call.correlationId()
                            + " could not be evaluated; the call is refused: " + LogText.cause(e), e);
                    return new Admission.Refused(403, GovernanceErrors.ruleBlocked("(evaluation failed)", null), null);
                });
    }

    /** Applies the response rules to the call's {@code result}. Never completes exceptionally. */
    public CompletableFuture<Review> review(GovernedCall call, JsonNode result) {
        if (!engine.active(call.gateway(), Hook.RESPONSE)) {
            return done(new Review.Unchanged());
        }
        long evaluating = System.nanoTime();
        return engine.evaluateAsync(Hook.RESPONSE, call.context(), result).thenApply(decision -> {
            audit(call, Hook.RESPONSE, decision);
            decided(call, Step.RESPONSE_RULES, CallMetrics.of(decision), evaluating);
            if (decision instanceof Decision.Blocked b) {
                return (Review) new Review.Refused(b.error());
            }
            Decision.Pass pass = (Decision.Pass) decision; // approval is refused on response hooks when saved
            return pass.modified() ? new Review.Replaced(pass.payload()) : new Review.Unchanged();
        }).exceptionally(e -> {
            LOG.log(System.Logger.Level.ERROR, "response rules of call " + call.correlationId()
                    + " could not be evaluated; the result is withheld: " + LogText.cause(e), e);
            return new Review.Refused(GovernanceErrors.ruleBlocked("(evaluation failed)", null));
        });
    }

    /**
     * Applies the rules of {@code phase} to {@code part} of a message other than a call's own arguments and
     * result (an error, a notification, a server request, the client's answer to one, a request's
     * {@code _meta}; see {@link dev.gatehouse.core.rules.RuleContext#part()}). Audited like a call's own
     * decisions, under the message's method. Never completes exceptionally: a failed evaluation refuses.
     */
    public CompletableFuture<Review> reviewMessage(GovernedCall call, Hook phase, String method, String part, JsonNode payload) {
        if (!engine.active(call.gateway(), phase)) {
            return done(new Review.Unchanged());
        }
        var context = call.context().message(method, part);
        return engine.evaluateAsync(phase, context, payload).thenApply(decision -> {
            RuleAudit.events(context, phase, decision).forEach(audit::append);
            if (decision instanceof Decision.Blocked b) {
                return (Review) new Review.Refused(b.error());
            }
            Decision.Pass pass = (Decision.Pass) decision; // no approval outside a call's own arguments
            return pass.modified() ? new Review.Replaced(pass.payload()) : new Review.Unchanged();
        }).exceptionally(e -> new Review.Refused(GovernanceErrors.ruleBlocked("(evaluation failed)", null)));
    }

    /** True when the gateway has rules for {@code phase}, so messages in that direction must be parsed and reviewed. */
    public boolean governs(String gateway, Hook phase) {
        return engine.active(gateway, phase);
    }

    /** True when the gateway has response rules, so results must be parsed and reviewed. */
    public boolean reviewsResults(String gateway) {
        return engine.active(gateway, Hook.RESPONSE);
    }

    /** The longest a call of the gateway may be held for approval (zero without approval rules). */
    public Duration longestHold(String gateway) {
        return engine.longestHold(gateway);
    }

    /** The tools of one server's list that may be shown (upstream names, as the server sent them). */
    public List<JsonNode> visibleTools(String serverId, String serverSlug, List<JsonNode> tools) {
        return quarantine.filter(serverId, serverSlug, tools);
    }

    /** Counts a step's decision and gives it a child span in the call's trace, from {@code startedNanos} to now. */
    private void decided(GovernedCall call, Step step, String decision, long startedNanos) {
        metrics.decided(call.gateway(), step, decision);
        call.trace().step(step, decision, startedNanos);
    }

    private CompletableFuture<Admission> decided(GovernedCall call, Decision decision, Acquisition.Permit permit,
                                                 Consumer<Duration> stillHeld, long evaluating) {
        audit(call, Hook.REQUEST, decision);
        decided(call, Step.REQUEST_RULES, CallMetrics.of(decision), evaluating);
        if (decision instanceof Decision.Blocked b) {
            permit.close();
            return done(new Admission.Refused(403, b.error(), null));
        }
        if (decision instanceof Decision.Pass p) {
            return done(new Admission.Proceed(p.modified() ? p.payload() : null, permit));
        }
        Decision.Held held = (Decision.Held) decision;
        boolean modified = held.payload() != call.arguments();
        ApprovalDesk.Hold hold;
        try {
            hold = approvals.hold(new HeldCall(call.gateway(), call.grant().hostId(), call.grant().hostName(),
                call.grant().connectionId(), call.grant().tokenPublicId(), call.serverSlug(), call.tool(), held.ruleId(),
                held.ruleName(), held.payload(), held.timeout(), call.correlationId()));
        } catch (RuntimeException e) {
            // the held call cannot be written where an admin could see it: it cannot be approved, so it is refused
            LOG.log(System.Logger.Level.WARNING, "tools/call " + call.correlationId() + " needing approval refused,"
                    + " approvals unavailable: " + e);
            permit.close();
            return done(unavailable());
        }
        long started = System.nanoTime();
        ScheduledFuture<?> ticks = scheduler.scheduleAtFixedRate(
                () -> stillHeld.accept(Duration.ofNanos(System.nanoTime() - started)),
                stillHeldEvery.toMillis(), stillHeldEvery.toMillis(), TimeUnit.MILLISECONDS);
        return hold.verdict().thenApply(verdict -> {
            ticks.cancel(false);
            decided(call, Step.APPROVAL, CallMetrics.of(verdict), started);
            if (verdict instanceof Verdict.Approved) {
                return new Admission.Proceed(modified ? held.payload() : null, permit, true);
            }
            permit.close();
            if (verdict instanceof Verdict.Withdrawn w) {
                // nobody denied it: the record says why it ended (a revoked credential's error replaces this one)
                return new Admission.Refused(503, GovernanceErrors.approvalWithdrawn(held.ruleName(), w.why()), null);
            }
            return new Admission.Refused(403, GovernanceErrors.approvalDenied(held.ruleName(),
                    verdict instanceof Verdict.TimedOut), null);
        });
    }

    /**
     * Withdraws the call held for request {@code correlationId} on this node, if one is, because its
     * credential ended; the caller answers the client. True when a held call was withdrawn.
     */
    public boolean withdrawRevoked(String correlationId) {
        return approvals.withdrawRevoked(correlationId);
    }

    /** Withdraws the call held for request {@code correlationId} on this node, if one is: its client went away. */
    public boolean withdrawGone(String correlationId) {
        return approvals.withdrawGone(correlationId);
    }

    /** Withdraws a held call whose client went away (the approval id is in the hold's audit record). */
    public void withdraw(String approvalId) {
        approvals.withdraw(approvalId);
    }

    private void audit(GovernedCall call, Hook phase, Decision decision) {
        RuleAudit.events(call.context(), phase, decision).forEach(audit::append);
    }

    private void record(GovernedCall call, AuditKind kind, Outcome outcome, String detail) {
        AuditEvent.Builder e = AuditEvent.builder(kind, outcome).grant(call.grant()).server(call.serverSlug())
                .tool(call.tool()).method("tools/call").jsonRpcId(call.jsonRpcId()).detail(detail);
        if (call.correlationId() != null) {
            e.correlationId(call.correlationId());
        }
        audit.append(e.build());
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
