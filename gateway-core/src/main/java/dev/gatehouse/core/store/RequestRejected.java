package dev.gatehouse.core.store;

/**
 * A change the domain refuses, with a message that is safe to show to the caller (never a secret,
 * never an internal exception text). Each surface maps the reason to its own error form.
 */
public final class RequestRejected extends RuntimeException {
    /** Why a change was refused. */
    public enum Reason {
        INVALID, NOT_FOUND, CONFLICT,
        /** The caller's copy is older than the stored one (a failed precondition, HTTP 412). */
        STALE
    }

    private final Reason reason;

    public RequestRejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public static RequestRejected invalid(String message) {
        return new RequestRejected(Reason.INVALID, message);
    }

    public static RequestRejected notFound(String message) {
        return new RequestRejected(Reason.NOT_FOUND, message);
    }

    public Reason reason() {
        return reason;
    }
}
