package dev.gatehouse.core.approval;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.jsonrpc.JsonRpcError;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.text.LogText;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Human approval for headless agents: a held call waits, as a row every node sees, until an admin with
 * {@code calls:approve} approves or denies it on any node, or its timeout denies it. The node that holds
 * the call learns of a decision made elsewhere by polling, only while it holds calls, every
 * {@code pollInterval}: one query for all of them. Every outcome is an audit record.
 */
public final class ApprovalDesk implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ApprovalDesk.class.getName());

    private final ApprovalStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final String nodeId;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> poller;

    private record Waiting(PendingApproval approval, CompletableFuture<Verdict> verdict, ScheduledFuture<?> expiry) {
    }

    /** A held call: its id (for the console and for withdrawing it) and its eventual verdict. */
    public record Hold(String id, CompletableFuture<Verdict> verdict) {
    }

    public ApprovalDesk(ApprovalStore store, AuditLog audit, Clock clock, String nodeId,
                        ScheduledExecutorService scheduler, Duration pollInterval) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.nodeId = nodeId;
        this.scheduler = scheduler;
        this.poller = scheduler.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        Instant started = clock.instant();
        scheduler.execute(() -> settleAbandoned(started));
    }

    /**
     * The calls this node held when it died (killed or crashed: a stop withdraws them) are still pending under its
     * node id; their clients' connections died with it. Each is withdrawn ({@code the node restarted}) with its
     * approval record and the call's own terminal record (outcome {@code cancelled}), so the call is not left
     * without an end, nor shown pending until its timeout. Calls held since this start are not touched.
     */
    private void settleAbandoned(Instant started) {
        try {
            for (PendingApproval p : store.pendingOfNode(nodeId)) {
                if (p.requestedAt().isBefore(started) && !waiting.containsKey(p.id())
                        && store.settle(p.id(), ApprovalStatus.WITHDRAWN, null, Verdict.Withdrawn.NODE_RESTARTED, clock.instant())) {
                    Verdict.Withdrawn why = new Verdict.Withdrawn(Verdict.Withdrawn.NODE_RESTARTED);
                    record(p, Outcome.CANCELLED, "withdrawn: " + why.why());
                    audit.append(call(p, AuditKind.DENIED, Outcome.CANCELLED).errorCode(JsonRpcError.REQUEST_CANCELLED)
                            .detail(why.message(p.ruleName())).build());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "calls held before this node restarted could not be withdrawn (each"
                    + " expires at its timeout): " + LogText.cause(e), e);
        }
    }

    /** Holds the call until a decision or its timeout; the verdict never completes exceptionally. */
    public Hold hold(HeldCall call) {
        Instant now = clock.instant();
        PendingApproval p = store.create(call, nodeId, now, now.plus(call.timeout()));
        CompletableFuture<Verdict> verdict = new CompletableFuture<>();
        ScheduledFuture<?> expiry = scheduler.schedule(() -> expire(p.id()), call.timeout().toMillis(), TimeUnit.MILLISECONDS);
        waiting.put(p.id(), new Waiting(p, verdict, expiry));
        record(p, Outcome.STARTED, "held for approval (rule '" + p.ruleName() + "', timeout "
                + call.timeout().toSeconds() + " s)");
        return new Hold(p.id(), verdict);
    }

    /** Withdraws a held call whose client went away. */
    public void withdraw(String id) {
        withdraw(id, Verdict.Withdrawn.CLIENT_GONE);
    }

    private void withdraw(String id, String why) {
        if (store.settle(id, ApprovalStatus.WITHDRAWN, null, why, clock.instant())) {
            finish(id, new Verdict.Withdrawn(why), "withdrawn: " + why, Outcome.CANCELLED);
        }
    }

    /**
     * Withdraws the call held here for the request {@code correlationId} because its credential ended (it
     * was revoked, disabled or expired): an approval given later finds it settled and forwards nothing.
     *
     * @return true when such a call was held here and is now withdrawn
     */
    public boolean withdrawRevoked(String correlationId) {
        return withdrawHeld(correlationId, Verdict.Withdrawn.CREDENTIAL_REVOKED, Outcome.REVOKED);
    }

    /** Withdraws the call held here for the request {@code correlationId} because its client went away. */
    public boolean withdrawGone(String correlationId) {
        return withdrawHeld(correlationId, Verdict.Withdrawn.CLIENT_GONE, Outcome.CANCELLED);
    }

    private boolean withdrawHeld(String correlationId, String why, Outcome outcome) {
        for (Waiting w : List.copyOf(waiting.values())) {
            if (correlationId.equals(w.approval().correlationId())) {
                String id = w.approval().id();
                if (store.settle(id, ApprovalStatus.WITHDRAWN, null, why, clock.instant())) {
                    finish(id, new Verdict.Withdrawn(why), "withdrawn: " + why, outcome);
                    return true;
                }
                poll(); // decided just before: its verdict goes to the call, which checks again before sending
                return false;
            }
        }
        return false;
    }

    /**
     * An admin's decision, from any node.
     *
     * @throws RequestRejected NOT_FOUND without such a call, CONFLICT when it was already decided or expired
     */
    public PendingApproval decide(String id, boolean approve, String actor, String reason) {
        if (store.find(id).isEmpty()) {
            throw RequestRejected.notFound("no such held call");
        }
        Instant now = clock.instant();
        if (!store.settle(id, approve ? ApprovalStatus.APPROVED : ApprovalStatus.DENIED, actor, reason, now)) {
            throw new RequestRejected(RequestRejected.Reason.CONFLICT, "the call was already decided or has expired");
        }
        if (waiting.containsKey(id)) {
            poll(); // held here: no need to wait for the next poll
        }
        return store.find(id).orElseThrow();
    }

    public List<PendingApproval> pending(String gateway) {
        return store.pending(gateway);
    }

    public Optional<PendingApproval> find(String id) {
        return store.find(id);
    }

    /** Completes the calls held here that were decided anywhere. */
    void poll() {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            for (PendingApproval p : store.decided(List.copyOf(waiting.keySet()))) {
                switch (p.status()) {
                    case APPROVED -> finish(p.id(), new Verdict.Approved(p.decidedBy()), "approved by " + p.decidedBy(),
                            Outcome.SUCCESS);
                    case DENIED -> finish(p.id(), new Verdict.Denied(p.decidedBy(), p.reason()),
                            "denied by " + p.decidedBy(), Outcome.DENIED);
                    case EXPIRED -> finish(p.id(), new Verdict.TimedOut(), "not approved in time", Outcome.DENIED);
                    default -> {
                        String why = p.reason() == null ? Verdict.Withdrawn.CLIENT_GONE : p.reason();
                        finish(p.id(), new Verdict.Withdrawn(why), "withdrawn: " + why, Outcome.CANCELLED);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "held calls could not be polled (each is denied at its timeout if this goes on): "
                    + LogText.cause(e), e);
        }
    }

    private void expire(String id) {
        try {
            if (store.settle(id, ApprovalStatus.EXPIRED, null, null, clock.instant())) {
                finish(id, new Verdict.TimedOut(), "not approved in time", Outcome.DENIED);
            } else {
                poll(); // decided just before the timeout
            }
        } catch (RuntimeException e) {
            // the database is down: the call is denied here; its row expires as pending
            LOG.log(System.Logger.Level.WARNING, "held call " + id + " timed out and could not be checked for a late"
                    + " approval; it is denied: " + LogText.cause(e));
            finish(id, new Verdict.TimedOut(), "not approved in time (database unavailable)", Outcome.DENIED);
        }
    }

    private void finish(String id, Verdict verdict, String detail, Outcome outcome) {
        Waiting w = waiting.remove(id);
        if (w != null) {
            w.expiry().cancel(false);
            record(w.approval(), outcome, detail);
            w.verdict().complete(verdict);
        }
    }

    private void record(PendingApproval p, Outcome outcome, String detail) {
        audit.append(call(p, AuditKind.APPROVAL, outcome).detail("approval " + p.id() + ": " + detail).build());
    }

    /** A record of the held call {@code p}: its gateway, host, token, server, tool and correlation id. */
    private static AuditEvent.Builder call(PendingApproval p, AuditKind kind, Outcome outcome) {
        AuditEvent.Builder e = AuditEvent.builder(kind, outcome).gateway(p.gateway()).hostId(p.hostId())
                .hostName(p.hostName()).tokenPublicId(p.tokenPublicId()).server(p.server()).tool(p.tool())
                .method("tools/call");
        if (p.correlationId() != null) {
            e.correlationId(p.correlationId());
        }
        return e;
    }

    /** Withdraws every call held here (the node is stopping). */
    @Override
    public void close() {
        poller.cancel(false);
        for (String id : List.copyOf(waiting.keySet())) {
            try {
                withdraw(id, Verdict.Withdrawn.NODE_STOPPED);
            } catch (RuntimeException e) {
                finish(id, new Verdict.Withdrawn(Verdict.Withdrawn.NODE_STOPPED), "withdrawn: the node stopped"
                        + " (its row expires as pending: the database was unavailable)", Outcome.CANCELLED);
            }
        }
    }
}
