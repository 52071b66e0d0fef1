package dev.gatehouse.core.model;

import java.time.Instant;

/**
 * How much a host is used: its live connections and the last time any of their tokens was presented
 * (recorded with a few seconds' delay, since uses are coalesced; null if never).
 */
public record HostUsage(String hostId, long connections, Instant lastUsedAt) {
    public static HostUsage none(String hostId) {
        return new HostUsage(hostId, 0, null);
    }
}
