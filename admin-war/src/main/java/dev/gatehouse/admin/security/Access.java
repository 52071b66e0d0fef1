package dev.gatehouse.admin.security;

import java.util.Optional;

/**
 * What an endpoint requires of its caller. Writes name one capability; reads of the catalogue (hosts,
 * gateways, servers, connections) need any capability at all, since every admin role needs to see
 * what it works on; {@code /api/me} needs only authentication, so a console can tell a user they have
 * no access.
 */
public sealed interface Access {
    /** Why the caller may not proceed, as a detail safe to show them; empty when they may. */
    Optional<String> refusal(Caller caller);

    /** The capability named in audit records and errors, if one is required. */
    Optional<Capability> capability();

    static Access of(Capability capability) {
        return new Requires(capability);
    }

    /** Requires at least one of these capabilities. */
    static Access oneOf(Capability first, Capability second) {
        return new RequiresOneOf(first, second);
    }

    static Access anyCapability() {
        return AnyCapability.INSTANCE;
    }

    static Access authenticated() {
        return Authenticated.INSTANCE;
    }

    /** Requires one named capability. */
    record Requires(Capability required) implements Access {
        @Override
        public Optional<String> refusal(Caller caller) {
            return caller.has(required) ? Optional.empty()
                    : Optional.of("missing capability '" + required.wireName() + "'");
        }

        @Override
        public Optional<Capability> capability() {
            return Optional.of(required);
        }
    }

    /** Requires one of two named capabilities; audit records name the first. */
    record RequiresOneOf(Capability first, Capability second) implements Access {
        @Override
        public Optional<String> refusal(Caller caller) {
            return caller.has(first) || caller.has(second) ? Optional.empty()
                    : Optional.of("missing capability: one of '" + first.wireName() + "', '" + second.wireName() + "'");
        }

        @Override
        public Optional<Capability> capability() {
            return Optional.of(first);
        }
    }

    /** Requires at least one capability, whichever. */
    enum AnyCapability implements Access {
        INSTANCE;

        @Override
        public Optional<String> refusal(Caller caller) {
            return caller.capabilities().isEmpty() ? Optional.of("missing capability: no Gatehouse capability is granted"
                    + " to this user's roles") : Optional.empty();
        }

        @Override
        public Optional<Capability> capability() {
            return Optional.empty();
        }
    }

    /** Any authenticated user (the container guarantees authentication on {@code /api/*}). */
    enum Authenticated implements Access {
        INSTANCE;

        @Override
        public Optional<String> refusal(Caller caller) {
            return Optional.empty();
        }

        @Override
        public Optional<Capability> capability() {
            return Optional.empty();
        }
    }
}
