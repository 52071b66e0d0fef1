package dev.gatehouse.admin.dto;

/** The outcome of a break-glass revocation: whose tokens, and how many were still valid and are now revoked. */
public record RevocationView(String user, int revoked) {
}
