package dev.gatehouse.core.model;

/** An admin user who generated tokens that are still valid, and how many: the targets of a break-glass revoke. */
public record TokenIssuer(String user, long activeTokens) {
}
