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
        /** The node holding it died (killed, crashed) and started again: found still pending at its start. */
        public static final String NODE_RESTARTED = "the node restarted";

        /** What the call's client is told (when it is still there) and its record says, for the rule that held it. */
        public String message(String ruleName) {
            return "Withdrawn while held for approval (rule '" + ruleName + "'): " + why
                    + "; nobody decided on it and it was not sent";
        }
    }
}
