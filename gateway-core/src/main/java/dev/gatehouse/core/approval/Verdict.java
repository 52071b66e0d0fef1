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

    /** The call was withdrawn (its client went away) or the desk closed. */
    record Withdrawn() implements Verdict {
    }
}
