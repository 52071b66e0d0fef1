package dev.gatehouse.core.signin;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.runtime.LocalIds;
import dev.gatehouse.core.text.LogText;

/**
 * The admin sign-in records of the audit log (kind {@code sign_in}): a failed or refused attempt, a console session
 * signed in ({@code sign-in/<how>}, outcome {@code success}), and its end, signed out or timed out
 * ({@code sign-out/<how>}), the last two sharing the session's correlation id. Written without waiting: a slow log
 * must not hold a browser; a record that cannot be written is logged with its correlation id. Never a password,
 * ticket or session id.
 */
public final class SignInAudit {
    public static final String SIGNED_IN = "signed in";
    public static final String SIGNED_OUT = "signed out";
    private static final System.Logger LOG = System.getLogger(SignInAudit.class.getName());

    private final AuditLog audit;

    public SignInAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** Records a successful console sign-in; the returned session remembers it (its correlation id is the record's). */
    public SignedInSession signedIn(SignInAttempt attempt, String detail) {
        SignedInSession session = new SignedInSession(attempt.user(), attempt.channel(), attempt.address(), LocalIds.uuid());
        append(base(attempt, Outcome.SUCCESS, "sign-in/").correlationId(session.correlationId()).detail(detail).build(),
                "sign-in");
        return session;
    }

    /** Records the end of a signed-in console session, from where and by what the sign-out came. */
    public void signedOut(SignedInSession session, String address, String userAgent, String detail) {
        SignInAttempt by = new SignInAttempt(session.user(), address, session.channel(), userAgent);
        append(base(by, Outcome.SUCCESS, "sign-out/").correlationId(session.correlationId()).detail(detail).build(),
                "sign-out");
    }

    /** Records an attempt that failed ({@code 401}) or was refused during a wait ({@code 429}). */
    void failed(SignInAttempt attempt, Outcome outcome, int status, String reason) {
        append(base(attempt, outcome, "sign-in/").httpStatus(status).detail(reason).build(), "failed sign-in");
    }

    private static AuditEvent.Builder base(SignInAttempt attempt, Outcome outcome, String action) {
        return AuditEvent.builder(AuditKind.SIGN_IN, outcome).actor(attempt.user()).method(action + attempt.channel())
                .clientAddress(attempt.address()).userAgent(attempt.userAgent());
    }

    private void append(AuditEvent event, String what) {
        audit.append(event).exceptionally(e -> {
            LOG.log(System.Logger.Level.WARNING, what + " of " + LogText.safe(event.actor()) + " from "
                    + LogText.safe(event.clientAddress()) + " could not be audited (correlation " + event.correlationId()
                    + ")", e);
            return null;
        });
    }
}
