package dev.gatehouse.core.approval;

/** How a held call ended. Only {@link Approved} lets it proceed. */
public sealed interface Verdict {
    record Approved(String by) implements Verdict {
    }

    record Denied(String by, String reason) implements Verdict {
    }

    /** Nobody decided in time. */
    record TimedOut() implements Verdict {
    }

    /**
     * Nobody decided: the call was withdrawn, {@code why} in Gatehouse's words ({@link #CLIENT_GONE},
     * {@link #NODE_STOPPED}, {@link #CREDENTIAL_REVOKED}), so its record never says an admin denied it.
     */
    record Withdrawn(String why) implements Verdict {
        public static final String CLIENT_GONE = "the client went away";
        public static final String NODE_STOPPED = "the node stopped";
        public static final String CREDENTIAL_REVOKED = "credential revoked";
    }
}
