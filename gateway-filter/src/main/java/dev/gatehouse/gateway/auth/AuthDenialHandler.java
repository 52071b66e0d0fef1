package dev.gatehouse.gateway.auth;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.RefusalBook;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.telemetry.CallMetrics;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.gateway.web.ClientFacts;
import dev.gatehouse.gateway.web.GatewayPath;
import dev.gatehouse.gateway.web.PublicUrls;
import dev.gatehouse.gateway.web.UnreadBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Answers every request the gate does not let through: audits the refusal (kind AUTH_FAILURE, the
 * reason as detail, the token's public id when it had one, never the token) without waiting for the
 * record, then writes the challenge. Refusals are bounded per client address ({@link RefusalBook}): the
 * first ones of each reason in a minute in full, then counted (a known token's always in full), and an
 * address over the threshold is answered 429 until the minute ends. A database outage (503) is not a refusal of the client and is
 * not audited: the log lives in that database.
 */
public final class AuthDenialHandler {
    private static final System.Logger LOG = System.getLogger(AuthDenialHandler.class.getName());
    /** The reason under which throttled requests are counted and recorded. */
    static final String THROTTLED = "THROTTLED";
    /** The reason under which requests are counted that the database's outage kept from being checked (503). */
    static final String UNAVAILABLE = "UNAVAILABLE";
    private final AuditLog audit;
    private final BearerChallengeWriter writer;
    private final PublicUrls urls;
    private final RefusalBook refusals;
    private final CallMetrics metrics;

    /** @param metrics counts every refusal by reason, recorded in full or not */
    public AuthDenialHandler(AuditLog audit, BearerChallengeWriter writer, PublicUrls urls, RefusalBook refusals,
                             CallMetrics metrics) {
        this.audit = audit;
        this.writer = writer;
        this.urls = urls;
        this.refusals = refusals;
        this.metrics = metrics;
    }

    /**
     * Answers a request from an address throttled for its refusals: 429 with {@code Retry-After}, before any
     * token is checked; the first of them in an interval are recorded in full, the rest counted.
     */
    public void throttle(HttpServletRequest request, HttpServletResponse response, Duration wait,
                         Optional<String> gatewaySlug) throws IOException {
        ClientFacts client = ClientFacts.of(request);
        metrics.refused(THROTTLED);
        if (refusals.refused(client.clientAddress(), THROTTLED, false)) {
            append(AuditEvent.builder(AuditKind.AUTH_FAILURE, Outcome.DENIED)
                    .detail(THROTTLED + ": over " + refusals.settings().throttleAfter() + " refused requests from this address"
                            + " in a minute; answered 429 for " + Math.max(1, (wait.toMillis() + 999) / 1000) + " s")
                    .gateway(gatewaySlug.orElse(null)).httpStatus(429).correlationId(client.correlationId())
                    .clientAddress(client.clientAddress()).userAgent(client.userAgent()).build());
        }
        UnreadBody.closeAfter(request, response);
        writer.writeThrottled(response, wait);
    }

    public void handle(HttpServletRequest request, HttpServletResponse response, AuthDecision decision,
                       Optional<String> gatewaySlug) throws IOException {
        BearerError error = errorOf(decision);
        if (!(decision instanceof AuthDecision.Unavailable)) {
            record(request, decision, gatewaySlug, error.status());
        } else {
            metrics.refused(UNAVAILABLE);
        }
        UnreadBody.closeAfter(request, response);
        writer.write(response, error, urls.metadata(request, GatewayPath.withinContext(request)));
    }

    static BearerError errorOf(AuthDecision decision) {
        if (decision instanceof AuthDecision.Refused r) {
            return r.reason().tokenPresented() ? BearerError.INVALID_TOKEN : BearerError.NO_TOKEN;
        }
        if (decision instanceof AuthDecision.Forbidden) {
            return BearerError.INSUFFICIENT_SCOPE;
        }
        if (decision instanceof AuthDecision.Unavailable) {
            return BearerError.TEMPORARILY_UNAVAILABLE;
        }
        throw new IllegalArgumentException("not a denial: " + decision.getClass().getSimpleName());
    }

    /** A refusal, attributed to the host and user the token belonged to when it was genuine (revoked, expired...). */
    private static AuditEvent.Builder refusal(AuthDecision.Refused refused) {
        return AuditEvent.builder(AuditKind.AUTH_FAILURE, Outcome.UNAUTHORIZED).grant(refused.owner())
                .tokenPublicId(refused.tokenPublicId()).detail(refused.reason().name());
    }

    private void record(HttpServletRequest request, AuthDecision decision, Optional<String> slug, int status) {
        ClientFacts client = ClientFacts.of(request);
        // a known token's refusal (attributable to its host and user) is always recorded in full
        boolean attributable = decision instanceof AuthDecision.Forbidden
                || decision instanceof AuthDecision.Refused r && r.owner() != null;
        String reason = decision instanceof AuthDecision.Refused r ? r.reason().name() : AuthFailure.WRONG_GATEWAY.name();
        metrics.refused(reason);
        if (!refusals.refused(client.clientAddress(), reason, attributable)) {
            return; // counted: one record per address and reason says how many, once the minute is over
        }
        AuditEvent.Builder b = decision instanceof AuthDecision.Forbidden f
                ? AuditEvent.builder(AuditKind.AUTH_FAILURE, Outcome.DENIED).grant(f.grant()).detail(AuthFailure.WRONG_GATEWAY.name())
                : refusal((AuthDecision.Refused) decision);
        append(b.gateway(slug.orElse(null)).httpStatus(status).correlationId(client.correlationId())
                .clientAddress(client.clientAddress()).userAgent(client.userAgent()).build());
    }

    private void append(AuditEvent event) {
        audit.append(event).exceptionally(e -> {
            LOG.log(System.Logger.Level.WARNING, "auth failure could not be audited (correlation " + event.correlationId() + "): "
                    + LogText.cause(e));
            LOG.log(System.Logger.Level.DEBUG, "auth failure could not be audited", e);
            return null;
        });
    }
}
