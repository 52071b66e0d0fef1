package dev.gatehouse.admin.dto;

import java.time.Instant;

/** A host on the wire. */
public record HostView(String id, String name, String kind, String description, String createdBy,
                       Instant createdAt, boolean disabled) {
}
