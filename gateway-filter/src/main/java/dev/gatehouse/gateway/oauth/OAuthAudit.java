package dev.gatehouse.gateway.oauth;

import dev.gatehouse.core.audit.AuditUnavailable;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.oauth.IssuedTokens;
import dev.gatehouse.core.oauth.OAuthClient;
import dev.gatehouse.core.oauth.TokenAttribution;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.gateway.web.ClientFacts;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The audit records of the authorization server's endpoints (kind {@code oauth}): tokens issued by the
 * code grant, refreshed (rotated), revoked, a rotated refresh token replayed after its grace window,
 * and client registrations. Like API tokens, a token appears only as its public id (prefix and first
 * 8 random characters), never whole. Every record is waited for until durable: issuing, refreshing and
 * registering hand nothing out that the log does not show (the caller answers 503 if it is not); a
 * revocation or a refused replay stands either way, and a record that could not be written is logged.
 */
final class OAuthAudit {
    private static final System.Logger LOG = System.getLogger(OAuthAudit.class.getName());
    private final Gatehouse runtime;

    OAuthAudit(Gatehouse runtime) {
        this.runtime = runtime;
    }

    /** Tokens issued by the authorization code grant, or by a refresh ({@code replacedPublicId} non-null). */
    void issued(HttpServletRequest request, IssuedTokens tokens, String replacedPublicId) {
        String action = replacedPublicId == null
                ? "oauth.token.issued authorization_code"
                : "oauth.token.refreshed replaces " + replacedPublicId;
        runtime.audit().appendDurably(attributed(request, Outcome.SUCCESS, tokens.access(), 200)
                .detail(action + "; refresh " + tokens.refreshPublicId() + "; client " + tokens.access().clientId())
                .build());
    }

    /** A rotated refresh token presented after its grace window; its token family was revoked (how many, never which). */
    void replayed(HttpServletRequest request, TokenAttribution refresh, int familyRevoked, int status) {
        append(attributed(request, Outcome.DENIED, refresh, status)
                .detail("oauth.refresh.replayed after its grace window; token family revoked (" + familyRevoked
                        + (familyRevoked == 1 ? " token" : " tokens") + "); client " + refresh.clientId()).build());
    }

    /** A token revoked at the revocation endpoint (RFC 7009); a refresh token takes its grant's tokens with it. */
    void revoked(HttpServletRequest request, TokenAttribution token) {
        append(attributed(request, Outcome.SUCCESS, token, 200)
                .detail("oauth.token.revoked " + token.kind() + "; client " + token.clientId()).build());
    }

    /** A client registered dynamically (RFC 7591). */
    void registered(HttpServletRequest request, OAuthClient client) {
        ClientFacts facts = ClientFacts.of(request);
        runtime.audit().appendDurably(AuditEvent.builder(AuditKind.OAUTH, Outcome.SUCCESS).time(runtime.clock().instant())
                .correlationId(facts.correlationId()).httpStatus(201)
                .detail("oauth.client.registered " + client.clientId() + " \"" + client.name() + "\"")
                .clientAddress(facts.clientAddress()).userAgent(facts.userAgent()).build());
    }

    private AuditEvent.Builder attributed(HttpServletRequest request, Outcome outcome, TokenAttribution t, int status) {
        ClientFacts facts = ClientFacts.of(request);
        return AuditEvent.builder(AuditKind.OAUTH, outcome).time(runtime.clock().instant())
                .correlationId(facts.correlationId()).hostId(t.hostId()).hostName(t.hostName())
                .tokenPublicId(t.tokenPublicId()).tokenIssuedBy(t.user()).gateway(t.gateway()).httpStatus(status)
                .clientAddress(facts.clientAddress()).userAgent(facts.userAgent());
    }

    /** The refusal or revocation stands whether or not its record could be written. */
    private void append(AuditEvent event) {
        try {
            runtime.audit().appendDurably(event);
        } catch (AuditUnavailable e) {
            LOG.log(System.Logger.Level.WARNING, "OAuth event could not be audited (correlation " + event.correlationId() + "): "
                    + LogText.cause(e), e);
        }
    }
}
