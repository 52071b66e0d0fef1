package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.alert.AlertConfig;
import dev.gatehouse.core.alert.Alerts;
import dev.gatehouse.core.rules.SigningKey;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code /api/alerts}: where this Gatehouse's alerts go (a webhook, signed when it has a secret; e-mail addresses) and the spike
 * thresholds; {@code POST /api/alerts/test} sends a test alert. Needs {@code settings:manage}; the secret is
 * write-only ({@code hasSecret}); changes are audited.
 */
final class AlertsResource {
    private final Alerts alerts;
    private final JsonBodyReader bodies;
    private final AdminActions actions;
    private final Clock clock;

    AlertsResource(Alerts alerts, JsonBodyReader bodies, AdminActions actions, Clock clock) {
        this.alerts = alerts;
        this.bodies = bodies;
        this.actions = actions;
        this.clock = clock;
    }

    Reply get(ApiRequest request) {
        alerts.reload();
        return Reply.ok(view(alerts.config(), alerts.status()));
    }

    Reply put(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(body -> spec(body, request.user()))
                .then(s -> Stores.attempt(() -> alerts.configure(s.config().checked(alerts.allowsPlainHttp(),
                        alerts.mailConfigured()), s.secret())))
                .reply(c -> {
                    actions.succeeded(request, "alerts.configured", 200, e -> e.detail("alerts.configured: " + c.webhookUrl()
                            + " emailTo=" + String.join(",", c.emailTo()) + " errorRatePercent=" + c.errorRatePercent()
                            + " minCalls=" + c.minCalls()
                            + " refusalsPerMinute=" + c.refusalsPerMinute()));
                    return Reply.ok(view(Optional.of(c), alerts.status()));
                });
    }

    Reply delete(ApiRequest request) {
        if (!alerts.remove()) {
            return Problem.notFound("alerts are not configured");
        }
        actions.succeeded(request, "alerts.removed", 204, e -> e.detail("alerts.removed"));
        return Reply.noContent();
    }

    Reply test(ApiRequest request) {
        alerts.reload();
        if (alerts.config().isEmpty()) {
            return Problem.notFound("alerts are not configured");
        }
        Optional<String> failure = alerts.test();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("delivered", failure.isEmpty());
        o.put("error", failure.orElse(null));
        return Reply.ok(o);
    }

    private record Spec(AlertConfig config, String secret) {
    }

    private Result<Spec> spec(ObjectNode body, String user) {
        JsonFields fields = new JsonFields(body);
        String url = fields.text("webhookUrl");
        java.util.List<String> emailTo = fields.texts("emailTo");
        String secret = fields.text("secret");
        Long rate = fields.wholeNumber("errorRatePercent");
        Long minCalls = fields.wholeNumber("minCalls");
        Long refusals = fields.wholeNumber("refusalsPerMinute");
        if (secret != null && (secret.length() < SigningKey.MIN_LENGTH || secret.length() > SigningKey.MAX_LENGTH)) {
            fields.fail("secret", "must be " + SigningKey.MIN_LENGTH + " to " + SigningKey.MAX_LENGTH + " characters");
        }
        return fields.problem().<Result<Spec>>map(Result::failed).orElseGet(() -> Result.ok(new Spec(new AlertConfig(url,
                secret != null, emailTo, bounded(rate, AlertConfig.DEFAULT_ERROR_RATE_PERCENT),
                bounded(minCalls, AlertConfig.DEFAULT_MIN_CALLS),
                bounded(refusals, AlertConfig.DEFAULT_REFUSALS_PER_MINUTE), user, clock.instant()), secret)));
    }

    private static int bounded(Long value, int fallback) {
        return value == null ? fallback : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static ObjectNode view(Optional<AlertConfig> config, Alerts.Status status) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("configured", config.isPresent());
        config.ifPresent(c -> {
            o.put("webhookUrl", c.webhookUrl());
            o.put("hasSecret", c.hasSecret());
            c.emailTo().forEach(o.putArray("emailTo")::add);
            o.put("errorRatePercent", c.errorRatePercent());
            o.put("minCalls", c.minCalls());
            o.put("refusalsPerMinute", c.refusalsPerMinute());
            o.put("updatedBy", c.updatedBy());
            o.put("updatedAt", c.updatedAt() == null ? null : c.updatedAt().toString());
        });
        ObjectNode s = o.putObject("status");
        s.put("sent", status.sent());
        s.put("failedAttempts", status.failedAttempts());
        s.put("dropped", status.dropped());
        s.put("lastError", status.lastError());
        s.put("mailed", status.mailed());
        s.put("mailFailedAttempts", status.mailFailedAttempts());
        s.put("lastMailError", status.lastMailError());
        s.put("suppressed", status.suppressed());
        return o;
    }
}
