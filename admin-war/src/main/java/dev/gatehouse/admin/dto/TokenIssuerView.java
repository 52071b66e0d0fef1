package dev.gatehouse.admin.dto;

/** A user who generated tokens that are still valid, and how many: what a break-glass revocation would hit. */
public record TokenIssuerView(String user, long activeTokens) {
}
