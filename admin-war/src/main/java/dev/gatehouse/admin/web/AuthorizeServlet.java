package dev.gatehouse.admin.web;

import dev.gatehouse.admin.runtime.AdminRuntime;
import dev.gatehouse.admin.runtime.AdminSettings;
import dev.gatehouse.admin.security.Capability;
import dev.gatehouse.core.oauth.AuthorizationRequest;
import dev.gatehouse.core.oauth.AuthorizationServer;
import dev.gatehouse.core.oauth.OAuthClient;
import dev.gatehouse.core.oauth.OAuthProblem;
import dev.gatehouse.core.oauth.RedirectUris;
import dev.gatehouse.core.oauth.ResourceIndicator;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.text.LogText;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authorization endpoint of Gatehouse's authorization server, at {@code /oauth/authorize} in the
 * admin WAR, because the user's login lives here: the container's FORM login (the console's realm, or
 * whatever login the application server has) runs before this servlet is reached. GET checks the
 * request and shows the consent page (or answers at once when the user approved this client on this
 * gateway before); POST carries the user's decision, CSRF-protected. Who may connect clients at all is
 * the capability {@code oauth:authorize}.
 * <p>
 * Errors before the client and its redirect URI are known show a page; later ones go back to the
 * client's redirect URI (OAuth 2.1 section 4.1.2.1) only when that destination is trusted: a loopback
 * redirect (a native app on the user's machine), or one the user approved for this client before.
 * Otherwise they show a page too: anyone may register a client with any https redirect URI, and an error
 * sent there at once would make this server an open redirector (RFC 9700 section 4.11.2).
 */
public final class AuthorizeServlet extends HttpServlet {
    private static final System.Logger LOG = System.getLogger(AuthorizeServlet.class.getName());
    private static final String PENDING = AuthorizeServlet.class.getName() + ".pending";
    private static final int MAX_PENDING = 20;
    /**
     * The consent page's policy: the console's, without {@code form-action}, because the approval's
     * redirect goes to the client's redirect URI (loopback port or private-use scheme), which Chrome
     * checks against {@code form-action}; the page has no script and only escaped text.
     */
    static final String CONSENT_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final SecureRandom RANDOM = new SecureRandom();

    private transient AuthorizationServer oauth;
    private transient AdminSettings settings;
    private transient ConsentAudit audit;

    @Override
    public void init() throws ServletException {
        settings = (AdminSettings) getServletContext().getAttribute(AdminSettings.ATTRIBUTE);
        Gatehouse runtime = AdminRuntime.of(getServletContext());
        oauth = runtime.oauth();
        audit = new ConsentAudit(runtime.audit(), oauth);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Content-Security-Policy", CONSENT_POLICY);
        response.setHeader("Cache-Control", "no-store");
        Map<String, String[]> params = request.getParameterMap();
        for (String[] values : params.values()) {
            if (values.length > 1) {
                showError(response, "A parameter is given more than once.");
                return;
            }
        }
        String redirectUri = request.getParameter("redirect_uri");
        OAuthClient client;
        try {
            client = oauth.clientFor(request.getParameter("client_id"), redirectUri);
        } catch (OAuthProblem p) {
            LOG.log(System.Logger.Level.INFO, "authorization refused before redirect: " + p.error() + " (" + LogText.safe(p.description()) + ")");
            showError(response, p.description());
            return;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "authorization failed: " + LogText.cause(e), e);
            showError(response, "Gatehouse cannot check this request right now; try again shortly.");
            return;
        }
        String state = request.getParameter("state");
        String issuer = issuer(request);
        try {
            AuthorizationRequest checked = oauth.checkRequest(client, redirectUri, request.getParameter("response_type"),
                    state, request.getParameter("code_challenge"), request.getParameter("code_challenge_method"),
                    ownResource(request, request.getParameter("resource")), request.getParameter("scope"));
            if (!callerMay(request)) {
                throw new OAuthProblem(OAuthProblem.ACCESS_DENIED, "this user may not connect interactive clients (oauth:authorize)");
            }
            String user = request.getRemoteUser();
            if (oauth.hasConsent(user, checked)) {
                response.sendRedirect(AuthorizationRedirect.success(redirectUri, oauth.approve(checked, user), state, issuer));
                return;
            }
            HttpSession session = request.getSession(true);
            String pending = remember(session, checked);
            byte[] page = ConsentPage.consent(checked, user, pending, CsrfTokens.of(session),
                    request.getContextPath() + "/oauth/authorize").getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/html;charset=utf-8");
            response.getOutputStream().write(page);
        } catch (OAuthProblem p) {
            LOG.log(System.Logger.Level.INFO, "authorization refused: " + p.error() + " (" + LogText.safe(p.description()) + ")");
            if (errorsMayGoBack(request, client, redirectUri)) {
                response.sendRedirect(AuthorizationRedirect.error(redirectUri, p.error(), p.description(), state, issuer));
            } else {
                showError(response, p.description() + " (" + p.error() + ")");
            }
        }
    }

    /** Whether an error may be sent to the redirect URI without the user's say: see the class comment. */
    private boolean errorsMayGoBack(HttpServletRequest request, OAuthClient client, String redirectUri) {
        try {
            return RedirectUris.isLoopbackHttp(redirectUri)
                    || oauth.trustsRedirect(request.getRemoteUser(), client.clientId(), redirectUri);
        } catch (RuntimeException e) { // the database did not answer: the page is the safe side
            LOG.log(System.Logger.Level.WARNING, "could not check the client's redirect URI: " + LogText.cause(e), e);
            return false;
        }
    }

    /** The user's decision on a consent page this session showed. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Content-Security-Policy", CONSENT_POLICY);
        response.setHeader("Cache-Control", "no-store");
        HttpSession session = request.getSession(false);
        if (session == null || !CsrfTokens.matches(session, request.getParameter("csrf_token"))) {
            response.setStatus(403);
            showError(response, "This form has expired or was not sent by Gatehouse's consent page.");
            return;
        }
        Optional<AuthorizationRequest> pending = take(session, request.getParameter("pending"));
        if (pending.isEmpty()) {
            showError(response, "This consent was already answered or has expired.");
            return;
        }
        AuthorizationRequest checked = pending.get();
        String issuer = issuer(request);
        if (!"approve".equals(request.getParameter("decision")) || !callerMay(request)) {
            audit.denied(request, checked);
            response.sendRedirect(AuthorizationRedirect.error(checked.redirectUri(), OAuthProblem.ACCESS_DENIED,
                    "the user denied the request", checked.state(), issuer));
            return;
        }
        String code = oauth.approve(checked, request.getRemoteUser());
        audit.granted(request, checked);
        LOG.log(System.Logger.Level.INFO, "user " + LogText.safe(request.getRemoteUser()) + " connected client " + LogText.safe(checked.client().clientId())
                + " to gateway " + checked.gatewaySlug());
        response.sendRedirect(AuthorizationRedirect.success(checked.redirectUri(), code, checked.state(), issuer));
    }

    private boolean callerMay(HttpServletRequest request) {
        return request.getRemoteUser() != null
                && settings.policy().capabilitiesOf(request::isUserInRole).contains(Capability.OAUTH_AUTHORIZE);
    }

    /** The issuer, as the gateway WAR's metadata names it: public base URL (or this origin) + the gateway's context path. */
    private String issuer(HttpServletRequest request) {
        return settings.publicBaseUrl().orElseGet(() -> origin(request)) + settings.gatewayContextPath();
    }

    /**
     * The resource, if it is one of this Gatehouse's gateway endpoints by its canonical URI (RFC 8707, MCP
     * authorization): the origin the metadata names (public base URL, or this request's origin) and the
     * gateway's path. A URL of any other origin carrying the same path is refused, so a hostile MCP server
     * cannot have a user consent to a token for this gateway under its own URL. The core checks the gateway exists.
     */
    private String ownResource(HttpServletRequest request, String resource) {
        Optional<String> slug = ResourceIndicator.gatewaySlug(resource);
        if (slug.isPresent() && !ResourceIndicator.isCanonical(issuer(request) + "/mcp/" + slug.get(), resource)) {
            throw new OAuthProblem(OAuthProblem.INVALID_TARGET,
                    "resource is not a gateway of this Gatehouse: expected " + issuer(request) + "/mcp/" + slug.get());
        }
        return resource;
    }

    private static String origin(HttpServletRequest request) {
        String scheme = request.getScheme();
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    @SuppressWarnings("unchecked")
    private static String remember(HttpSession session, AuthorizationRequest request) {
        Map<String, AuthorizationRequest> pending;
        synchronized (session) {
            pending = (Map<String, AuthorizationRequest>) session.getAttribute(PENDING);
            if (pending == null) {
                pending = new ConcurrentHashMap<>();
                session.setAttribute(PENDING, pending);
            }
        }
        if (pending.size() >= MAX_PENDING) {
            pending.clear(); // abandoned consent pages: a user never has this many open at once
        }
        byte[] id = new byte[18];
        RANDOM.nextBytes(id);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        pending.put(key, request);
        return key;
    }

    @SuppressWarnings("unchecked")
    private static Optional<AuthorizationRequest> take(HttpSession session, String id) {
        Object attribute = session.getAttribute(PENDING);
        if (id == null || !(attribute instanceof Map<?, ?>)) {
            return Optional.empty();
        }
        return Optional.ofNullable(((Map<String, AuthorizationRequest>) attribute).remove(id));
    }

    private static void showError(HttpServletResponse response, String message) throws IOException {
        if (response.getStatus() == 200) {
            response.setStatus(400);
        }
        response.setContentType("text/html;charset=utf-8");
        response.getOutputStream().write(ConsentPage.error(message).getBytes(StandardCharsets.UTF_8));
    }
}
