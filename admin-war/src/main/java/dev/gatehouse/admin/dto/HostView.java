package dev.gatehouse.admin.dto;

import java.time.Instant;

/**
 * A host on the wire. {@code connections} counts its live connections and {@code lastUsedAt} is the
 * latest use of any of their tokens (recorded a few seconds late, since uses are coalesced).
 */
public record HostView(String id, String name, String kind, String description, String createdBy,
                       Instant createdAt, boolean disabled, long connections, Instant lastUsedAt) {
}
