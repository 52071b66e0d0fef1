package dev.gatehouse.core.model;

import java.time.Instant;
import java.util.Objects;

/** One app or automation that reaches gateways under its own identity, so that every call is attributable. */
public record Host(String id, String name, HostKind kind, String description,
                   String createdBy, Instant createdAt, boolean disabled) {
    public Host {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
