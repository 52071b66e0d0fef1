package dev.gatehouse.core.siem;

import java.util.Arrays;
import java.util.Optional;

/** Where a new sink starts in each node's chain: every record the database holds, or those written from its creation on. */
public enum StartMode {
    BEGINNING("beginning"),
    NOW("now");

    private final String wireName;

    StartMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<StartMode> fromWire(String value) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(value)).findFirst();
    }
}
