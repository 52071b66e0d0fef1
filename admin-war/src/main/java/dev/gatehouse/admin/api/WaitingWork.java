package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.security.Capability;
import dev.gatehouse.core.approval.ApprovalDesk;
import dev.gatehouse.core.quarantine.QuarantineStore;
import dev.gatehouse.core.quarantine.ToolReview;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Work waiting for an admin: calls held for approval and tools hidden in quarantine until reviewed.
 * {@code GET /api/attention} gives the console's navigation badges each count the caller may act on
 * ({@code pendingApprovals} with {@code calls:approve}, {@code quarantinedTools} with {@code rules:manage});
 * a count the caller may not act on is left out, not zero. The dashboard shows both.
 */
final class WaitingWork {
    private final ApprovalDesk approvals;
    private final QuarantineStore quarantine;

    WaitingWork(ApprovalDesk approvals, QuarantineStore quarantine) {
        this.approvals = approvals;
        this.quarantine = quarantine;
    }

    /** Held calls still waiting for a decision, on every gateway. */
    long pendingApprovals() {
        return approvals.pending(null).size();
    }

    /** Tools of quarantined servers that are hidden until an admin approves their definition. */
    long quarantinedTools() {
        return quarantine.servers().stream()
                .mapToLong(s -> quarantine.tools(s.serverId()).stream().filter(ToolReview::quarantined).count()).sum();
    }

    Reply attention(ApiRequest request) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (request.caller().has(Capability.CALLS_APPROVE)) {
            counts.put("pendingApprovals", pendingApprovals());
        }
        if (request.caller().has(Capability.RULES_MANAGE)) {
            counts.put("quarantinedTools", quarantinedTools());
        }
        return Reply.ok(counts);
    }
}
