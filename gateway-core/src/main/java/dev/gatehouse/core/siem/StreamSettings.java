package dev.gatehouse.core.siem;

import dev.gatehouse.core.runtime.SettingsSource;

import java.time.Duration;

/**
 * Audit streaming's settings, read once at start.
 *
 * @param batch        records per send ({@code audit-stream-batch}, default 200)
 * @param poll         how often an idle sink looks for new records ({@code audit-stream-poll-ms}, default 500)
 * @param settle       how long a syslog connection must stay open after a record was written before the record
 *                     counts as delivered ({@code audit-stream-settle-ms}, default 2000): syslog has no
 *                     acknowledgement, so what was written shortly before a connection broke is sent again
 * @param maxBackoff   the longest wait between attempts at a failing sink ({@code audit-stream-max-backoff-ms}, 30000)
 * @param gapGrace     how long a hole in a node's sequence is waited for before it is passed over
 *                     ({@code audit-stream-gap-grace-ms}, default 30000): records the journal still ships fill it
 *                     (their sequence is assigned before they reach the table), records deleted never will. Past it the
 *                     hole is skipped, logged as an error and counted ({@code gatehouse.audit.sink.skipped}); raise it
 *                     where the journal may lag longer (see the health's audit lag)
 * @param allowPrivate sinks may be on loopback, private or other non-global addresses
 *                     ({@code siem-allow-private-addresses}, default false: the SSRF guard)
 * @param readiness    each sink is a readiness check of the node ({@code audit-sink-readiness}, default false:
 *                     a dead SIEM would take every node out of its load balancer, the outage streaming must never cause)
 * @param sinks        sinks given by the setting {@code audit-sinks} ({@link SettingsSinks})
 */
public record StreamSettings(int batch, Duration poll, Duration settle, Duration maxBackoff, Duration gapGrace,
                             boolean allowPrivate, boolean readiness, SettingsSinks sinks) {
    public static final String ALLOW_PRIVATE_SETTING = "siem-allow-private-addresses";
    public static final String GAP_GRACE_SETTING = "audit-stream-gap-grace-ms";

    public StreamSettings {
        if (batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("gatehouse audit-stream-batch must be 1 to 10000: " + batch);
        }
    }

    public static StreamSettings from(SettingsSource source) {
        boolean allowPrivate = source.get(ALLOW_PRIVATE_SETTING).map(v -> Boolean.parseBoolean(v.strip())).orElse(false);
        return new StreamSettings((int) number(source, "audit-stream-batch", 200),
                Duration.ofMillis(number(source, "audit-stream-poll-ms", 500)),
                Duration.ofMillis(number(source, "audit-stream-settle-ms", 2000)),
                Duration.ofMillis(number(source, "audit-stream-max-backoff-ms", 30_000)),
                Duration.ofMillis(number(source, GAP_GRACE_SETTING, 30_000)),
                allowPrivate, source.get("audit-sink-readiness").map(v -> Boolean.parseBoolean(v.strip())).orElse(false),
                source.get(SettingsSinks.SETTING).map(v -> SettingsSinks.parse(v, allowPrivate)).orElse(SettingsSinks.none()));
    }

    private static long number(SettingsSource source, String name, long fallback) {
        String value = source.get(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n < 1) {
                throw new IllegalArgumentException("gatehouse " + name + " must be at least 1: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("gatehouse " + name + " is not a whole number: " + value);
        }
    }
}
