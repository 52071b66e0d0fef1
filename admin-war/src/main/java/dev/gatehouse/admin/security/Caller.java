package dev.gatehouse.admin.security;

import java.util.Objects;
import java.util.Set;

/** The authenticated admin user of one request and the capabilities the policy grants them. */
public record Caller(String user, Set<Capability> capabilities) {
    public Caller {
        Objects.requireNonNull(user, "user");
        capabilities = Set.copyOf(capabilities);
    }

    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }
}
