package dev.gatehouse.core.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.Eventually;
import dev.gatehouse.core.governance.TwoNodes;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.store.RequestRejected;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A call held on one node, decided by an admin on the other (or by nobody, in time). */
class ApprovalDeskTest {
    @AutoClose
    private final TwoNodes nodes = new TwoNodes();

    private ApprovalDesk.Hold hold(Duration timeout) {
        return nodes.a.governance().approvals().hold(new HeldCall("quickstart", "host-1", "CI bot", "conn-1", "Ab3dE6gH",
                "demo", "delete_repo", "rule-1", "approve deletes",
                new ObjectMapper().createObjectNode().put("repo", "acme/site"), timeout, "corr-1"));
    }

    @Test
    void holdWhenApprovedOnTheOtherNodeThenVerdictApproved() throws Exception {
        ApprovalDesk.Hold hold = hold(Duration.ofMinutes(5));
        List<PendingApproval> pending = nodes.b.governance().approvals().pending("quickstart");
        assertEquals(1, pending.size());
        assertEquals("acme/site", pending.get(0).arguments().get("repo").textValue());
        assertEquals("approve deletes", pending.get(0).ruleName());
        assertFalse(hold.verdict().isDone());

        PendingApproval decided = nodes.b.governance().approvals().decide(hold.id(), true, "bob", null);

        assertEquals(ApprovalStatus.APPROVED, decided.status());
        Verdict verdict = hold.verdict().get(10, TimeUnit.SECONDS); // node a learns it by polling
        assertEquals("bob", assertInstanceOf(Verdict.Approved.class, verdict).by());
        assertEquals(List.of(), nodes.a.governance().approvals().pending(null));
        List<AuditEvent> records = Eventually.await(() -> nodes.a.audit().query(new AuditQuery(null, null, null, null,
                null, null, AuditKind.APPROVAL, null, "corr-1", null, null, 10)), r -> r.size() >= 2, "the hold and its decision");
        assertEquals(List.of(Outcome.SUCCESS, Outcome.STARTED), records.stream().map(AuditEvent::outcome).toList());
    }

    @Test
    void holdWhenDeniedThenVerdictDeniedWithReasonAndASecondDecisionConflicts() throws Exception {
        ApprovalDesk.Hold hold = hold(Duration.ofMinutes(5));

        nodes.b.governance().approvals().decide(hold.id(), false, "bob", "not on a Friday");

        Verdict.Denied denied = assertInstanceOf(Verdict.Denied.class, hold.verdict().get(10, TimeUnit.SECONDS));
        assertEquals("not on a Friday", denied.reason());
        RequestRejected again = assertThrows(RequestRejected.class,
                () -> nodes.a.governance().approvals().decide(hold.id(), true, "carol", null));
        assertEquals(RequestRejected.Reason.CONFLICT, again.reason());
    }

    @Test
    void holdWhenNobodyDecidesThenTimedOutAndLateApprovalConflicts() throws Exception {
        ApprovalDesk.Hold hold = hold(Duration.ofMillis(500));

        assertInstanceOf(Verdict.TimedOut.class, hold.verdict().get(10, TimeUnit.SECONDS));

        assertEquals(ApprovalStatus.EXPIRED, nodes.b.governance().approvals().find(hold.id()).orElseThrow().status());
        assertThrows(RequestRejected.class, () -> nodes.b.governance().approvals().decide(hold.id(), true, "bob", null));
    }

    /**
     * A node killed while it held a call (no stop to withdraw it) and started again under its node id: the call it
     * lost is withdrawn at the start, "the node restarted", with its approval record and the call's own terminal
     * record (outcome cancelled, not denied), so it neither stays pending until its timeout nor ends without a
     * record (catalogue 624). The restarted node is a second desk of node a on the same database.
     */
    @Test
    void startWhenTheNodeDiedHoldingACallThenTheCallIsWithdrawnAsTheNodeRestarted() throws Exception {
        ApprovalDesk.Hold lost = hold(Duration.ofMinutes(5));
        java.util.concurrent.ScheduledExecutorService threads = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (ApprovalDesk restarted = new ApprovalDesk(new dev.gatehouse.core.jpa.JpaApprovalStore(nodes.txB),
                nodes.b.audit(), java.time.Clock.systemUTC(), "node-a", threads, Duration.ofMillis(200))) {
            PendingApproval settled = Eventually.await(() -> nodes.b.governance().approvals().find(lost.id()).orElseThrow(),
                    p -> p.status() != ApprovalStatus.PENDING, "the lost call settled");
            assertEquals(ApprovalStatus.WITHDRAWN, settled.status());
            assertEquals("the node restarted", settled.reason());
            List<AuditEvent> ends = Eventually.await(() -> nodes.b.audit().query(new AuditQuery(null, null, null, null,
                    null, null, AuditKind.DENIED, null, "corr-1", null, null, 10)), r -> !r.isEmpty(), "the call's end");
            assertEquals(Outcome.CANCELLED, ends.get(0).outcome());
            assertEquals("Withdrawn while held for approval (rule 'approve deletes'): the node restarted; nobody decided"
                    + " on it and it was not sent", ends.get(0).detail());
            assertEquals("delete_repo", ends.get(0).tool());
            List<AuditEvent> approvals = Eventually.await(() -> nodes.b.audit().query(new AuditQuery(null, null, null, null,
                    null, Outcome.CANCELLED, AuditKind.APPROVAL, null, "corr-1", null, null, 10)), r -> !r.isEmpty(),
                    "the approval's withdrawal");
            assertEquals("approval " + lost.id() + ": withdrawn: the node restarted", approvals.get(approvals.size() - 1).detail());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void withdrawWhenClientGoneThenNoLongerPending() throws Exception {
        ApprovalDesk.Hold hold = hold(Duration.ofMinutes(5));

        nodes.a.governance().approvals().withdraw(hold.id());

        assertInstanceOf(Verdict.Withdrawn.class, hold.verdict().get(1, TimeUnit.SECONDS));
        assertEquals(List.of(), nodes.b.governance().approvals().pending(null));
    }
}
