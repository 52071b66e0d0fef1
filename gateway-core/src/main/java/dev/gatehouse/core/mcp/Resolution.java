package dev.gatehouse.core.mcp;

/** Where a call goes: a route the gateway allows, one it does not, or no server that has the item. */
public sealed interface Resolution {
    record Allowed(Route route) implements Resolution {
    }

    /** The item exists on an assigned server, but its allow-list does not publish it. */
    record Denied(Route route) implements Resolution {
    }

    record Unknown() implements Resolution {
    }
}
