package dev.gatehouse.core.store;

import dev.gatehouse.core.model.HostKind;

/** What an admin gives to register a host. */
public record NewHost(String name, HostKind kind, String description) {
}
