package dev.gatehouse.core.model;

import java.util.Locale;

/** Whether the names a gateway publishes carry their server's prefix. */
public enum PrefixMode {
    /** Every name is {@code prefix + separator + name}. */
    ALWAYS,
    /** Names are published as the servers give them; they must be unique across the gateway's servers. */
    NEVER,
    /** Prefixed only while the gateway has more than one server: a one-server gateway is transparent. */
    CONDITIONAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PrefixMode fromWire(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
