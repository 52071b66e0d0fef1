package dev.gatehouse.gateway.auth;

import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.TokenAuthenticator;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.token.ParsedToken;

import java.util.Optional;

/**
 * Decides whether a presented token opens the gateway in the path: its shape and checksum first (a
 * typo or random string is refused without a database query), then its state as of this request
 * (one indexed read), then its scope (one gateway per token).
 */
public final class GatewayAuthenticator {
    private static final System.Logger LOG = System.getLogger(GatewayAuthenticator.class.getName());
    private final TokenAuthenticator tokens;

    public GatewayAuthenticator(TokenAuthenticator tokens) {
        this.tokens = tokens;
    }

    /**
     * @param gatewaySlug the gateway named by the request path; empty when the path names none (the
     *                    request is then only authenticated, and the servlet answers 404)
     */
    public AuthDecision authenticate(String token, Optional<String> gatewaySlug) {
        Optional<ParsedToken> parsed = ApiTokenFormat.parse(token);
        if (parsed.isEmpty()) {
            return new AuthDecision.Refused(AuthFailure.MALFORMED, null);
        }
        Authentication result;
        try {
            result = tokens.authenticate(parsed.get());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "token check failed, database unavailable? " + e.getClass().getSimpleName());
            return new AuthDecision.Unavailable(parsed.get().publicId());
        }
        if (result instanceof Authentication.Refused r) {
            return new AuthDecision.Refused(AuthFailure.of(r.reason()), r.tokenPublicId());
        }
        var grant = ((Authentication.Granted) result).grant();
        if (gatewaySlug.isPresent() && !gatewaySlug.get().equals(grant.gatewaySlug())) {
            return new AuthDecision.Forbidden(grant);
        }
        return new AuthDecision.Granted(grant);
    }
}
