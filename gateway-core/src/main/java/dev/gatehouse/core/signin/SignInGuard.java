package dev.gatehouse.core.signin;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.model.Outcome;

import java.time.Duration;
import java.util.Optional;

/**
 * The admin sign-in's brute-force protection, shared by every way of signing in on this node: asks the
 * {@link SignInThrottle} whether an attempt may be checked at all, and records each failure in the audit
 * log (kind {@code sign_in}: the user name as given, the address, the reason; never the password). A
 * refusal during a wait is audited once per wait, so a flood of refused attempts writes one record. Console sessions'
 * sign-ins and sign-outs are recorded by its {@link #audit()}, by whoever opens and ends the session.
 */
public final class SignInGuard {
    /**
     * Request attribute set by whoever already guards an attempt (the admin API's filter), so a realm that
     * guards too (the launcher's) does not count the same attempt twice.
     */
    public static final String GUARDED_ATTRIBUTE = "dev.gatehouse.signin.guarded";
    /**
     * Session attribute (whole seconds, a {@code Long}) by which a realm that guards the console's form
     * sign-in tells the sign-in page how long to wait; the page reads it from {@code console/sign-in-notice}.
     */
    public static final String WAIT_SESSION_ATTRIBUTE = "dev.gatehouse.signin.retryAfterSeconds";
    public static final String WRONG_CREDENTIALS = "wrong user name or password";
    public static final String MALFORMED_CREDENTIALS = "malformed credentials";

    private final SignInThrottle throttle;
    private final SignInAudit audit;

    public SignInGuard(SignInThrottle throttle, AuditLog audit) {
        this.throttle = throttle;
        this.audit = new SignInAudit(audit);
    }

    /** The sign-in records of the audit log: failures (written here) and console sessions' sign-ins and sign-outs. */
    public SignInAudit audit() {
        return audit;
    }

    /** Empty when the attempt may be checked; else how long the client must wait (answered 429 or on the page). */
    public Optional<Duration> refusal(SignInAttempt attempt) {
        Optional<SignInThrottle.Wait> wait = throttle.check(attempt.user(), attempt.address());
        wait.filter(SignInThrottle.Wait::firstRefusal).ifPresent(w -> audit.failed(attempt, Outcome.DENIED, 429,
                "refused: too many failed sign-ins, wait " + retryAfterSeconds(w.remaining()) + " s"));
        return wait.map(SignInThrottle.Wait::remaining);
    }

    /** Counts and audits a failed attempt; returns the wait it starts (zero while failures are free). */
    public Duration failed(SignInAttempt attempt, String reason) {
        Duration wait = throttle.failed(attempt.user(), attempt.address());
        audit.failed(attempt, Outcome.UNAUTHORIZED, 401,
                wait.isZero() ? reason : reason + "; further attempts wait " + retryAfterSeconds(wait) + " s");
        return wait;
    }

    public void succeeded(SignInAttempt attempt) {
        throttle.succeeded(attempt.user());
    }

    /** Whole seconds for {@code Retry-After} (RFC 9110 section 10.2.3), rounded up, at least 1. */
    public static long retryAfterSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
