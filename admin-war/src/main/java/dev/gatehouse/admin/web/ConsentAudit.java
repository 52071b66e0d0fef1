package dev.gatehouse.admin.web;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.oauth.AuthorizationRequest;
import dev.gatehouse.core.oauth.AuthorizationServer;
import dev.gatehouse.core.oauth.ConsentGrant;
import dev.gatehouse.core.text.LogText;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Records each consent decision in the audit log (kind {@code admin_action}): who let which app reach
 * which gateway, or refused it, so the trail of an interactive host starts with the person who connected it.
 * Written without waiting: the decision is already the user's, and a slow log must not hold the browser.
 */
final class ConsentAudit {
    private static final System.Logger LOG = System.getLogger(ConsentAudit.class.getName());
    private final AuditLog log;
    private final AuthorizationServer oauth;

    ConsentAudit(AuditLog log, AuthorizationServer oauth) {
        this.log = log;
        this.oauth = oauth;
    }

    void granted(HttpServletRequest request, AuthorizationRequest consent) {
        String user = request.getRemoteUser();
        Optional<ConsentGrant> grant = oauth.grants(Optional.of(user)).stream()
                .filter(g -> g.revokedAt() == null && g.clientId().equals(consent.client().clientId())
                        && g.gatewaySlug().equals(consent.gatewaySlug()))
                .findFirst();
        AuditEvent.Builder e = base(request, Outcome.SUCCESS, consent, "oauth.consent.granted");
        grant.ifPresent(g -> e.hostId(g.hostId()).hostName(g.hostName()));
        append(e.build());
    }

    void denied(HttpServletRequest request, AuthorizationRequest consent) {
        append(base(request, Outcome.DENIED, consent, "oauth.consent.denied").hostName(consent.client().name()).build());
    }

    private static AuditEvent.Builder base(HttpServletRequest request, Outcome outcome, AuthorizationRequest consent,
                                           String action) {
        return AuditEvent.builder(AuditKind.ADMIN_ACTION, outcome).actor(request.getRemoteUser())
                .tokenIssuedBy(request.getRemoteUser()).gateway(consent.gatewaySlug())
                .detail(action + " " + consent.client().clientId()).clientAddress(request.getRemoteAddr())
                .userAgent(request.getHeader("User-Agent"));
    }

    private void append(AuditEvent event) {
        log.append(event).exceptionally(e -> {
            LOG.log(System.Logger.Level.WARNING, "consent decision could not be audited (correlation " + event.correlationId()
                    + "): " + LogText.cause(e), e);
            return null;
        });
    }
}
