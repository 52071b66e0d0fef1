package dev.gatehouse.gateway.auth;

import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.gateway.GatehouseRuntimeListener;
import dev.gatehouse.gateway.web.GatewayPath;
import dev.gatehouse.gateway.web.PublicUrls;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * The only gate of the MCP endpoint ({@code /mcp/*}): a request passes with a valid Gatehouse API
 * access token, or an OAuth access token of Gatehouse's authorization server, for the gateway in its
 * path, and nothing else passes (RFC 6750 bearer tokens; the
 * challenge points at the RFC 9728 metadata). It orchestrates four collaborators: resolve the token,
 * authenticate it, and on refusal let the denial handler audit it and write the challenge.
 */
public final class BearerAuthFilter extends HttpFilter {
    /** The request attribute holding the {@link TokenGrant} of an admitted request. */
    public static final String GRANT_ATTRIBUTE = "dev.gatehouse.grant";

    private BearerTokenResolver resolver;
    private GatewayAuthenticator authenticator;
    private AuthDenialHandler denials;
    private dev.gatehouse.core.audit.RefusalBook refusals;

    @Override
    public void init(FilterConfig config) {
        Gatehouse runtime = GatehouseRuntimeListener.runtime(config.getServletContext());
        resolver = new HeaderBearerTokenResolver();
        authenticator = new GatewayAuthenticator(runtime.authenticator(), runtime.oauth());
        refusals = runtime.refusals();
        denials = new AuthDenialHandler(runtime.audit(), new BearerChallengeWriter(),
                new PublicUrls(runtime.settings().publicBaseUrl()), refusals, runtime.telemetry().calls());
    }

    /** The grant of an admitted request. */
    public static TokenGrant grant(ServletRequest request) {
        if (request.getAttribute(GRANT_ATTRIBUTE) instanceof TokenGrant g) {
            return g;
        }
        throw new IllegalStateException("request did not pass BearerAuthFilter");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<String> slug = GatewayPath.slug(request);
        Optional<java.time.Duration> throttled = refusals.throttled(request.getRemoteAddr());
        if (throttled.isPresent()) {
            denials.throttle(request, response, throttled.get(), slug);
            return;
        }
        TokenResolution resolution = resolver.resolve(request);
        AuthDecision decision = resolution instanceof TokenResolution.Presented p
                ? authenticator.authenticate(p.token(), slug)
                : new AuthDecision.Refused(((TokenResolution.Unusable) resolution).reason(), null);
        if (decision instanceof AuthDecision.Granted g) {
            request.setAttribute(GRANT_ATTRIBUTE, g.grant());
            chain.doFilter(request, response);
            return;
        }
        denials.handle(request, response, decision, slug);
    }
}
