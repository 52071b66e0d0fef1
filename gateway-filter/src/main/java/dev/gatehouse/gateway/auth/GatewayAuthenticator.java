package dev.gatehouse.gateway.auth;

import dev.gatehouse.core.oauth.AuthorizationServer;
import dev.gatehouse.core.oauth.OAuthTokenFormat;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.TokenAuthenticator;
import dev.gatehouse.core.text.LogText;
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
    private final AuthorizationServer oauth;

    public GatewayAuthenticator(TokenAuthenticator tokens) {
        this(tokens, null);
    }

    /** Also admitting access tokens of Gatehouse's own authorization server ({@code gho_…}). */
    public GatewayAuthenticator(TokenAuthenticator tokens, AuthorizationServer oauth) {
        this.tokens = tokens;
        this.oauth = oauth;
    }

    /**
     * An OAuth access token: checked like an API token (state as of this request), then its audience. A
     * token bound to another gateway's resource is not valid here (401, RFC 8707 and MCP authorization
     * "token audience binding"), so the client starts an authorization for this gateway.
     */
    private AuthDecision authenticateOAuth(String token, Optional<String> gatewaySlug) {
        Authentication result;
        try {
            result = oauth.authenticate(token);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "OAuth token check failed, database unavailable? " + LogText.cause(e));
            LOG.log(System.Logger.Level.DEBUG, "OAuth token check failed", e);
            return new AuthDecision.Unavailable(OAuthTokenFormat.publicId(token));
        }
        if (result instanceof Authentication.Refused r) {
            return new AuthDecision.Refused(AuthFailure.of(r.reason()), r.tokenPublicId(), r.owner());
        }
        var grant = ((Authentication.Granted) result).grant();
        if (gatewaySlug.isPresent() && !gatewaySlug.get().equals(grant.gatewaySlug())) {
            return new AuthDecision.Refused(AuthFailure.WRONG_AUDIENCE, grant.tokenPublicId(), grant);
        }
        return new AuthDecision.Granted(grant);
    }

    /**
     * @param gatewaySlug the gateway named by the request path; empty when the path names none (the
     *                    request is then only authenticated, and the servlet answers 404)
     */
    public AuthDecision authenticate(String token, Optional<String> gatewaySlug) {
        if (token.startsWith(OAuthTokenFormat.ACCESS_PREFIX) && oauth != null) {
            return authenticateOAuth(token, gatewaySlug);
        }
        Optional<ParsedToken> parsed = ApiTokenFormat.parse(token);
        if (parsed.isEmpty()) {
            return new AuthDecision.Refused(AuthFailure.MALFORMED, null);
        }
        Authentication result;
        try {
            result = tokens.authenticate(parsed.get());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "token check failed, database unavailable? " + LogText.cause(e));
            LOG.log(System.Logger.Level.DEBUG, "token check failed", e);
            return new AuthDecision.Unavailable(parsed.get().publicId());
        }
        if (result instanceof Authentication.Refused r) {
            return new AuthDecision.Refused(AuthFailure.of(r.reason()), r.tokenPublicId(), r.owner());
        }
        var grant = ((Authentication.Granted) result).grant();
        if (gatewaySlug.isPresent() && !gatewaySlug.get().equals(grant.gatewaySlug())) {
            return new AuthDecision.Forbidden(grant);
        }
        return new AuthDecision.Granted(grant);
    }
}
