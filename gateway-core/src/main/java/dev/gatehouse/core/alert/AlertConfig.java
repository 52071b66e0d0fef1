package dev.gatehouse.core.alert;

import dev.gatehouse.core.net.OutboundUrl;
import dev.gatehouse.core.store.RequestRejected;

import java.time.Instant;
import java.util.List;

/**
 * Where alerts go and when spikes alert: a webhook URL (https, or http where private addresses are allowed),
 * signed when it has a secret, and/or e-mail addresses (sent through the node's mail settings); an error-rate
 * spike is a minute with at least {@code minCalls} answered tool calls of which at least {@code errorRatePercent}
 * failed; a refusal spike a minute with at least {@code refusalsPerMinute} refusals (unauthorized, denied, rate
 * limited).
 *
 * @param webhookUrl null: no webhook
 * @param emailTo    empty: no e-mail
 */
public record AlertConfig(String webhookUrl, boolean hasSecret, List<String> emailTo, int errorRatePercent, int minCalls,
                          int refusalsPerMinute, String updatedBy, Instant updatedAt) {
    public static final int DEFAULT_ERROR_RATE_PERCENT = 50;
    public static final int DEFAULT_MIN_CALLS = 20;
    public static final int DEFAULT_REFUSALS_PER_MINUTE = 100;
    public static final int MAX_RECIPIENTS = 20;

    public AlertConfig {
        emailTo = emailTo == null ? List.of() : List.copyOf(emailTo);
    }

    /** Checks the values; refusals are fit to show. {@code mailConfigured}: this node can send e-mail. */
    public AlertConfig checked(boolean allowPlainHttp, boolean mailConfigured) {
        String url = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.strip();
        if (url == null && emailTo.isEmpty()) {
            throw RequestRejected.invalid("webhookUrl or emailTo: at least one is required");
        }
        if (url != null) {
            if (url.length() > 2000) {
                throw RequestRejected.invalid("webhookUrl: at most 2000 characters");
            }
            OutboundUrl.problem(url, allowPlainHttp, true).ifPresent(p -> {
                throw RequestRejected.invalid("webhookUrl: " + p);
            });
        }
        List<String> to = emailTo.stream().map(String::strip).distinct().toList();
        if (!to.isEmpty()) {
            if (!mailConfigured) {
                throw RequestRejected.invalid("emailTo: e-mail is not configured on this node (set mail-smtp-host, or "
                        + "mail-session on an application server, and mail-from)");
            }
            if (to.size() > MAX_RECIPIENTS || String.join(",", to).length() > 2000) {
                throw RequestRejected.invalid("emailTo: at most " + MAX_RECIPIENTS + " addresses, 2000 characters in all");
            }
            try {
                AlertMail.check(to);
            } catch (IllegalArgumentException e) {
                throw RequestRejected.invalid("emailTo: not an e-mail address: " + e.getMessage());
            }
        }
        if (errorRatePercent < 1 || errorRatePercent > 100) {
            throw RequestRejected.invalid("errorRatePercent: 1 to 100");
        }
        if (minCalls < 1 || refusalsPerMinute < 1) {
            throw RequestRejected.invalid("minCalls and refusalsPerMinute: at least 1");
        }
        return new AlertConfig(url, hasSecret, to, errorRatePercent, minCalls, refusalsPerMinute, updatedBy, updatedAt);
    }
}
