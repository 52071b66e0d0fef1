package dev.gatehouse.admin.web;

import dev.gatehouse.admin.runtime.AdminRuntime;
import dev.gatehouse.admin.runtime.AdminSettings;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.identity.UpstreamIdentity;
import dev.gatehouse.core.identity.UpstreamOAuth;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.text.LogText;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Gatehouse's OAuth callback as the client of an upstream ({@code /identities/callback}): where the
 * upstream's authorization server sends the user's browser back with {@code code} and {@code state}. Open
 * to the browser without the console's sign-in (its session cookie is SameSite=Strict and does not come on
 * this cross-site navigation): the {@code state} (random, single use, ten minutes) names the user who started
 * the sign-in, and the binding cookie set when they started it proves it is the same browser. The code is
 * exchanged and the grant stored as the user's identity; the browser goes back to the console ({@link #back}).
 */
public final class UpstreamSignInCallbackServlet extends HttpServlet {
    /** The cookie that binds a sign-in to the browser that started it; Lax, so it comes back on the redirect. */
    public static final String BINDING_COOKIE = "gatehouse_upstream_sign_in";
    public static final String PATH = "/identities/callback";
    private static final System.Logger LOG = System.getLogger(UpstreamSignInCallbackServlet.class.getName());

    private transient UpstreamOAuth oauth;
    private transient AuditLog audit;

    @Override
    public void init() throws ServletException {
        Gatehouse runtime = AdminRuntime.of(getServletContext());
        oauth = runtime.upstreamOAuth();
        audit = runtime.audit();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String correlation = UUID.randomUUID().toString();
        response.setHeader("Cache-Control", "no-store");
        String binding = binding(request);
        clearBinding(request, response);
        try {
            UpstreamOAuth.Completed done = oauth.complete(request.getParameter("state"), request.getParameter("code"),
                    request.getParameter("error"), binding, request.getRemoteUser());
            UpstreamIdentity identity = done.identity();
            record(correlation, request, Outcome.SUCCESS, 200, "identity.signed-in: " + identity.id(), identity.serverSlug(),
                    identity.owner());
            if (done.returnTo() != null) {
                back(response, done.returnTo(), identity.serverSlug());
                return;
            }
            page(response, 200, "Signed in to " + identity.serverSlug(),
                    "Gatehouse now holds your identity for server '" + identity.serverSlug() + "'. You can close this window.");
        } catch (UpstreamOAuth.SignInFailed e) {
            LOG.log(System.Logger.Level.INFO, "upstream sign-in " + correlation + " refused: " + LogText.safe(e.getMessage()));
            record(correlation, request, Outcome.REJECTED, 400, "identity.sign-in refused: " + e.getMessage(), null, null);
            page(response, 400, "Sign-in not completed", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "upstream sign-in " + correlation + " failed: " + LogText.cause(e));
            page(response, 500, "Sign-in failed", "Gatehouse could not complete the sign-in (reference " + correlation + ").");
        }
    }

    private void record(String correlation, HttpServletRequest request, Outcome outcome, int status, String detail,
                        String server, String owner) {
        try {
            audit.append(AuditEvent.builder(AuditKind.ADMIN_ACTION, outcome).correlationId(correlation)
                    .actor(owner == null ? request.getRemoteUser() : owner).server(server).tokenIssuedBy(owner)
                    .httpStatus(status).detail(detail).clientAddress(request.getRemoteAddr())
                    .userAgent(request.getHeader("User-Agent")).build());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "upstream sign-in " + correlation + " not audited: " + LogText.cause(e));
        }
    }

    private static String binding(HttpServletRequest request) {
        return RequestCookies.value(request, BINDING_COOKIE);
    }

    /** The cookie's header for {@code value} (empty and expired to clear it), scoped to the callback only. */
    public static String bindingCookie(String contextPath, String value, boolean secure) {
        return BINDING_COOKIE + "=" + value + "; Path=" + contextPath + PATH + "; Max-Age=" + (value.isEmpty() ? 0 : 600)
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    private static void clearBinding(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader("Set-Cookie", bindingCookie(request.getContextPath(), "", request.isSecure()));
    }

    private static void page(HttpServletResponse response, int status, String title, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body><main><h1>" + escape(title) + "</h1><p>" + escape(message)
                + "</p><p><a href=\"../\">Back to the Gatehouse console</a></p></main></body></html>";
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Back to the console page the sign-in started from, by a page that navigates there itself rather than by
     * a redirect: this request came from the upstream's site, and a redirect would carry that cross-site
     * navigation on, so the browser would leave out the console's SameSite=Strict session cookie and show
     * the sign-in page; a navigation this page starts is same-site, so the session comes along.
     * {@code returnTo} is a path of this console (checked when the sign-in started).
     */
    private static void back(HttpServletResponse response, String returnTo, String server) throws IOException {
        response.setStatus(200);
        response.setContentType("text/html;charset=utf-8");
        String to = escape(returnTo);
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"0;url=" + to + "\"><title>Signed in to " + escape(server)
                + "</title></head><body><main><h1>Signed in to " + escape(server) + "</h1><p><a href=\"" + to
                + "\">Back to the Gatehouse console</a></p></main></body></html>";
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
