package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditUnavailable;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.text.LogText;

import java.util.function.UnaryOperator;

/**
 * Records admin actions in the audit log: each change that succeeded (after it committed) and each
 * action refused for a missing capability. The record names the admin user as actor and never holds a
 * token or secret.
 * <p>
 * A change is committed before its record is written, so if the audit log then fails the change
 * stands and the reply still reports it (a token shown nowhere else would otherwise be lost); the
 * failure is logged as an error for the operator.
 */
final class AdminActions {
    private static final System.Logger LOG = System.getLogger(AdminActions.class.getName());

    private final AuditLog log;

    AdminActions(AuditLog log) {
        this.log = log;
    }

    /** A change succeeded; {@code details} adds the host, gateway, server or token it concerned. */
    void succeeded(ApiRequest request, String action, int httpStatus, UnaryOperator<AuditEvent.Builder> details) {
        append(details.apply(base(request, Outcome.SUCCESS).detail(action).httpStatus(httpStatus)).build());
    }

    /** An action was refused because the caller lacks a capability. */
    void denied(ApiRequest request, String action, String reason) {
        append(base(request, Outcome.DENIED).detail(action + ": " + reason).httpStatus(403).build());
    }

    private static AuditEvent.Builder base(ApiRequest request, Outcome outcome) {
        return AuditEvent.builder(AuditKind.ADMIN_ACTION, outcome).actor(request.user())
                .clientAddress(request.clientAddress()).userAgent(request.userAgent());
    }

    private void append(AuditEvent event) {
        try {
            log.appendDurably(event);
        } catch (AuditUnavailable e) {
            LOG.log(System.Logger.Level.ERROR, "admin action '" + LogText.safe(event.detail()) + "' by '"
                    + LogText.safe(event.actor()) + "' could not be audited (correlation " + event.correlationId() + "): "
                    + LogText.cause(e), e);
        }
    }
}
