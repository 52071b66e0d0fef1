package dev.gatehouse.admin.dto;

import java.time.Instant;

/**
 * An upstream identity as the admin API shows it: whose (owner null and {@code shared} true for a server's
 * shared identity), for which server, its kind ({@code secret}, {@code oauth}) and status ({@code active},
 * {@code disabled}, {@code needs-reauthorization}), the upstream subject or client it acts as; never a secret.
 * {@code wantedScope}: after the upstream asked for more permission (a step-up), the scope its next sign-in asks for.
 */
public record IdentityView(String id, String server, String serverId, String owner, boolean shared, String kind,
                           String status, String headerName, Instant expiresAt, String subject, String clientId,
                           String scope, boolean refreshable, String createdBy, Instant createdAt, Instant updatedAt,
                           String wantedScope) {
}
