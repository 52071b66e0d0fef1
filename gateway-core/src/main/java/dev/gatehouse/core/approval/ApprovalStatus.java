package dev.gatehouse.core.approval;

import java.util.Locale;

/** Where a held call stands. Only {@code PENDING} changes, once. */
public enum ApprovalStatus {
    PENDING,
    APPROVED,
    DENIED,
    /** Nobody decided before the timeout: denied. */
    EXPIRED,
    /** The client went away before a decision. */
    WITHDRAWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
