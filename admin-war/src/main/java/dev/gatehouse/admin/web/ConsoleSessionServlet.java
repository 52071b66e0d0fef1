package dev.gatehouse.admin.web;

import dev.gatehouse.admin.http.Json;
import dev.gatehouse.admin.http.UnreadBody;
import dev.gatehouse.admin.runtime.AdminRuntime;
import dev.gatehouse.admin.runtime.AdminSettings;
import dev.gatehouse.core.signin.SignInAudit;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /console/session}: the console's view of its FORM login. {@code GET} answers the user and the
 * session's CSRF token (same-origin script only can read it); {@code POST} logs out, for which the token
 * must be presented like for any other change. Container security requires a login on this path. A session
 * opened by single sign-on also ends at the provider: the reply to {@code POST} is then {@code 200}
 * {@code {"signOutUrl"}}, the provider's RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0), where the
 * console sends the browser; so is a session an application server's own OpenID Connect client opened, when
 * {@code gatehouse.sign-out-url} names the provider's end-session endpoint; otherwise {@code 204}. WildFly's client
 * (with {@code token-store=cookie}) keeps the signed-in user's tokens in a cookie of its own that its logout does not
 * clear once the request is authenticated: the reply expires it, or the user would stay signed in. The sign-out is
 * audited ({@code sign-out/<how>}, with the correlation id of the session's sign-in: {@link SignInAuditFilter}).
 */
public final class ConsoleSessionServlet extends HttpServlet {
    /** The session attribute holding the provider's sign-out URL, set by the single sign-on. */
    public static final String SIGN_OUT_URL_ATTRIBUTE = "dev.gatehouse.console.signOutUrl";
    /** The cookie WildFly's {@code elytron-oidc-client} keeps a signed-in user's tokens in (at the application's path). */
    static final String SERVER_OIDC_COOKIE = "OIDC_STATE";

    private transient SameOrigin sameOrigin;
    private transient Optional<String> serverSignOutUrl;
    private transient SignInAudit signIns;

    @Override
    public void init() throws ServletException {
        sameOrigin = SameOrigin.of(getServletContext());
        signIns = AdminRuntime.of(getServletContext()).signIns().audit();
        serverSignOutUrl = getServletContext().getAttribute(AdminSettings.ATTRIBUTE) instanceof AdminSettings settings
                ? settings.signOutUrl() : Optional.empty();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("user", request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName());
        body.put("csrfToken", CsrfTokens.of(request.getSession()));
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Logs out: ends the session, so its cookie and CSRF token are worthless from now on. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!CsrfTokens.presentIn(request) || sameOrigin.isCrossOrigin(request)) {
            UnreadBody.closeAfter(request, response);
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        Object signOutUrl = request.getSession(false) == null ? null
                : request.getSession(false).getAttribute(SIGN_OUT_URL_ATTRIBUTE);
        if (RequestCookies.value(request, SERVER_OIDC_COOKIE) != null) {
            // a Cookie, not a header: the client writes its cookie again into the same response, and Undertow keeps one
            // response cookie per name, so the last one set (this, after the client's) is the one sent
            Cookie expired = new Cookie(SERVER_OIDC_COOKIE, "");
            expired.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
            expired.setMaxAge(0);
            expired.setHttpOnly(true);
            expired.setSecure(request.isSecure());
            response.addCookie(expired);
            signOutUrl = serverSignOutUrl.orElse(null);
        }
        SignInAuditFilter.signedOut(request, signIns);
        try {
            request.logout();
        } catch (ServletException e) {
            // the session below is what holds the login; ending it is enough
        }
        if (request.getSession(false) != null) {
            request.getSession(false).invalidate();
        }
        response.setHeader("Cache-Control", "no-store");
        if (signOutUrl instanceof String url) {
            byte[] bytes = Json.mapper().writeValueAsBytes(Map.of("signOutUrl", url));
            response.setContentType("application/json");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            return;
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
