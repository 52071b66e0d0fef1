package dev.gatehouse.admin.api;

import dev.gatehouse.admin.dto.AuditVerificationView;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.core.audit.AuditVerification;
import dev.gatehouse.core.audit.AuditVerifier;

import java.util.Locale;

/**
 * {@code GET /api/audit/verify}: walks every node's audit hash chain and reports whether any record was
 * edited, deleted or inserted behind Gatehouse's back, naming node and sequence of each break. Needs
 * {@code logs:read}. The same check runs offline as {@code dev.gatehouse.launcher.VerifyAudit}.
 */
final class AuditVerifyResource {
    private final AuditVerifier verifier;

    AuditVerifyResource(AuditVerifier verifier) {
        this.verifier = verifier;
    }

    Reply verify(ApiRequest request) {
        return Reply.ok(view(verifier.verify()));
    }

    static AuditVerificationView view(AuditVerification v) {
        return new AuditVerificationView(v.intact(), v.records(),
                v.chains().stream().map(c -> new AuditVerificationView.Chain(c.nodeId(), c.records(), c.firstSequence(),
                        c.lastSequence(), c.lastHash())).toList(),
                v.breaks().stream().map(b -> new AuditVerificationView.Break(b.nodeId(), b.sequence(), b.recordId(),
                        b.problem().name().toLowerCase(Locale.ROOT), b.missing(), b.describe())).toList());
    }
}
