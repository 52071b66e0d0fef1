package dev.gatehouse.core.alert;

import dev.gatehouse.core.net.OutboundUrl;
import dev.gatehouse.core.store.RequestRejected;

import java.time.Instant;

/**
 * Where alerts go and when spikes alert: a webhook URL (https, or http where private addresses are allowed),
 * signed when it has a secret; an error-rate spike is a minute with at least {@code minCalls} answered tool
 * calls of which at least {@code errorRatePercent} failed; a refusal spike a minute with at least
 * {@code refusalsPerMinute} refusals (unauthorized, denied, rate limited).
 */
public record AlertConfig(String webhookUrl, boolean hasSecret, int errorRatePercent, int minCalls, int refusalsPerMinute,
                          String updatedBy, Instant updatedAt) {
    public static final int DEFAULT_ERROR_RATE_PERCENT = 50;
    public static final int DEFAULT_MIN_CALLS = 20;
    public static final int DEFAULT_REFUSALS_PER_MINUTE = 100;

    /** Checks the values; refusals are fit to show. */
    public AlertConfig checked(boolean allowPlainHttp) {
        if (webhookUrl == null || webhookUrl.isBlank() || webhookUrl.length() > 2000) {
            throw RequestRejected.invalid("webhookUrl: required, at most 2000 characters");
        }
        OutboundUrl.problem(webhookUrl.strip(), allowPlainHttp, true).ifPresent(p -> {
            throw RequestRejected.invalid("webhookUrl: " + p);
        });
        if (errorRatePercent < 1 || errorRatePercent > 100) {
            throw RequestRejected.invalid("errorRatePercent: 1 to 100");
        }
        if (minCalls < 1 || refusalsPerMinute < 1) {
            throw RequestRejected.invalid("minCalls and refusalsPerMinute: at least 1");
        }
        return new AlertConfig(webhookUrl.strip(), hasSecret, errorRatePercent, minCalls, refusalsPerMinute, updatedBy,
                updatedAt);
    }
}
