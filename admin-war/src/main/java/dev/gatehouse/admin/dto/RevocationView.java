package dev.gatehouse.admin.dto;

/**
 * The outcome of a break-glass revocation: whose tokens, how many were still valid and are now revoked, and
 * how many of the user's upstream identities were deleted (and revoked upstream where offered).
 */
public record RevocationView(String user, int revoked, int identitiesDeleted) {
}
