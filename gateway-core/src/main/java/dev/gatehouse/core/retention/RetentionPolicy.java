package dev.gatehouse.core.retention;

import dev.gatehouse.core.store.RequestRejected;

import java.time.Instant;

/**
 * How long one gateway's audit records are kept: at most {@code maxAgeDays} days, and at most the newest
 * {@code maxRecords} (the total cap), whichever removes more. Either may be absent, not both. Gateway
 * {@value #OTHERS} covers records of no gateway (admin actions, sign-ins, refusals before a gateway was known)
 * and of gateways without a policy of their own.
 */
public record RetentionPolicy(String gateway, Integer maxAgeDays, Long maxRecords, String updatedBy, Instant updatedAt) {
    public static final String OTHERS = "*";

    /** Checks the limits; refusals are fit to show. */
    public RetentionPolicy checked() {
        if (gateway == null || gateway.isBlank() || gateway.length() > 64) {
            throw RequestRejected.invalid("gateway: a gateway slug, or * for every other record");
        }
        if (maxAgeDays == null && maxRecords == null) {
            throw RequestRejected.invalid("maxAgeDays or maxRecords: at least one is needed");
        }
        if (maxAgeDays != null && (maxAgeDays < 1 || maxAgeDays > 36_500)) {
            throw RequestRejected.invalid("maxAgeDays: 1 to 36500");
        }
        if (maxRecords != null && maxRecords < 1) {
            throw RequestRejected.invalid("maxRecords: at least 1");
        }
        return this;
    }
}
