package dev.gatehouse.admin.sso;

import dev.gatehouse.admin.runtime.AdminRuntime;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.admin.http.Json;
import dev.gatehouse.admin.runtime.AdminSettings;
import dev.gatehouse.admin.web.ConsoleSessionServlet;
import dev.gatehouse.admin.web.RequestCookies;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.core.signin.SignInAttempt;
import dev.gatehouse.core.signin.SignInGuard;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.core.users.ConsoleUsers;
import dev.gatehouse.core.users.SignOnSubjects;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's single sign-on with the organisation's OpenID provider (launcher users only: on an application server
 * the server's own OIDC support signs people in). Open paths under {@code /sso/}:
 * <ul>
 *   <li>{@code GET config}: whether it is on and the sign-in button's label, for the sign-in page;</li>
 *   <li>{@code GET start}: authorization code flow with PKCE S256, a fresh {@code state} and {@code nonce}
 *   ({@link PendingSignIns}), and a {@code SameSite=Lax} cookie binding the flow to this browser (a code an
 *   attacker started elsewhere cannot be slipped into someone else's browser);</li>
 *   <li>{@code GET callback}: state and binding checked and used up, code exchanged, ID token checked
 *   ({@link IdTokenCheck}), the groups claim mapped to roles ({@link OidcSettings#rolesOf}), the user created or
 *   refreshed ({@link ConsoleUsers#signedOnUser}) and signed in through the container's realm with a one-time
 *   ticket, so the session is the same as a form sign-in's. The page then moves to the console itself (a
 *   same-site navigation, so the {@code SameSite=Strict} session cookie goes with it).</li>
 * </ul>
 * Every refusal is a page saying why, a {@code sign_in} audit record with the reason (never a code or token), and
 * counts against the sign-in throttle like a wrong password.
 */
public final class SingleSignOnServlet extends HttpServlet {
    static final String BINDING_COOKIE = "gatehouse-sso";
    private static final System.Logger LOG = System.getLogger(SingleSignOnServlet.class.getName());

    private transient Optional<OidcProvider> provider = Optional.empty();
    private transient IdTokenCheck check;
    private transient PendingSignIns pending;
    private transient ConsoleUsers users;
    private transient SignOnSubjects subjects;
    private transient SignInGuard guard;
    private transient Optional<String> publicBaseUrl = Optional.empty();
    private transient Optional<String> serverSignOutUrl = Optional.empty();

    @Override
    public void init() throws ServletException {
        Gatehouse gatehouse = AdminRuntime.of(getServletContext());
        users = gatehouse.consoleUsers();
        subjects = gatehouse.signOnSubjects();
        guard = gatehouse.signIns();
        if (getServletContext().getAttribute(AdminSettings.ATTRIBUTE) instanceof AdminSettings s) {
            publicBaseUrl = s.publicBaseUrl();
            serverSignOutUrl = s.signOutUrl();
        }
        Optional<OidcSettings> settings = OidcSettings.from(SettingsSource.system());
        if (settings.isPresent() && !users.managedHere()) {
            LOG.log(System.Logger.Level.WARNING, "the oidc-* settings are ignored: on an application server the console's"
                    + " users sign in through the server (see docs/deploy-wildfly.md, docs/deploy-payara.md)");
            return;
        }
        Clock clock = gatehouse.clock();
        provider = settings.map(s -> new OidcProvider(s, clock));
        check = provider.map(p -> new IdTokenCheck(p, clock)).orElse(null);
        pending = new PendingSignIns(clock);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (path) {
            case "/config" -> config(response);
            case "/start" -> start(request, response);
            case "/callback" -> callback(request, response);
            case ServerOpenIdConnect.LANDING_PATH -> serverSignedIn(request, response);
            default -> response.sendError(404);
        }
    }

    private void config(HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", provider.isPresent());
        provider.ifPresent(p -> body.put("label", p.settings().label()));
        // whose accounts sign in here, for the sign-in page's line about them: Gatehouse's own (the launcher) or the server's
        body.put("accounts", users != null && users.managedHere() ? "gatehouse" : "server");
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        response.setContentType("application/json");
        response.getOutputStream().write(bytes);
    }

    private void start(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (provider.isEmpty()) {
            page(response, 404, "Single sign-on is not set up", "Sign in with your user name and password.");
            return;
        }
        try {
            OidcProvider p = provider.get();
            OidcProvider.Metadata m = p.metadata();
            PendingSignIns.Started s = pending.start();
            Cookie binding = new Cookie(BINDING_COOKIE, s.binding());
            binding.setPath(request.getContextPath() + "/sso/");
            binding.setHttpOnly(true);
            binding.setSecure(request.isSecure());
            binding.setMaxAge(PendingSignIns.MINUTES * 60);
            binding.setAttribute("SameSite", "Lax"); // sent on the provider's top-level redirect back, unlike Strict
            response.addCookie(binding);
            String location = m.authorization() + (m.authorization().getRawQuery() == null ? "?" : "&")
                    + "response_type=code&client_id=" + enc(p.settings().clientId())
                    + "&redirect_uri=" + enc(redirectUri(request).toString()) + "&scope=" + enc(p.settings().scopes())
                    + "&state=" + enc(s.state()) + "&nonce=" + enc(s.nonce()) + "&code_challenge=" + enc(s.challenge())
                    + "&code_challenge_method=S256";
            response.sendRedirect(location);
        } catch (OidcFailure e) {
            LOG.log(System.Logger.Level.WARNING, "single sign-on could not start: " + e.getMessage());
            page(response, 502, "The identity provider cannot be reached", e.getMessage());
        }
    }

    private void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SignInAttempt anonymous = new SignInAttempt("", request.getRemoteAddr(), SignInAttempt.SSO, request.getHeader("User-Agent"));
        if (provider.isEmpty()) {
            page(response, 404, "Single sign-on is not set up", "Sign in with your user name and password.");
            return;
        }
        clearBinding(request, response);
        Optional<PendingSignIns.Pending> flow = pending.take(request.getParameter("state"), binding(request));
        if (flow.isEmpty()) {
            refuse(request, response, anonymous, 400, "this sign-in was not started in this browser, was already used, or"
                    + " expired (state or browser binding does not match)");
            return;
        }
        if (request.getParameter("error") != null) {
            refuse(request, response, anonymous, 401, "the identity provider answered " + safe(request.getParameter("error")));
            return;
        }
        String code = request.getParameter("code");
        if (code == null || code.isEmpty()) {
            refuse(request, response, anonymous, 400, "the identity provider's answer has no code");
            return;
        }
        JWTClaimsSet claims;
        String idToken;
        try {
            idToken = provider.get().exchange(code, redirectUri(request), flow.get().verifier());
            claims = check.verified(idToken, flow.get().nonce());
        } catch (OidcFailure e) {
            refuse(request, response, anonymous, 401, e.getMessage());
            return;
        }
        if (signIn(request, response, claims)) {
            rememberSignOut(request, idToken);
        }
    }

    /** Where signing out of the console takes the browser: the provider's end-session endpoint, when it has one. */
    private void rememberSignOut(HttpServletRequest request, String idToken) {
        OidcProvider p = provider.get();
        p.metadata().endSession().ifPresent(end -> {
            String console = redirectUri(request).toString().replaceAll("sso/callback$", "");
            request.getSession().setAttribute(ConsoleSessionServlet.SIGN_OUT_URL_ATTRIBUTE, end
                    + (end.getRawQuery() == null ? "?" : "&") + "id_token_hint=" + enc(idToken) + "&client_id="
                    + enc(p.settings().clientId()) + "&post_logout_redirect_uri=" + enc(console));
        });
    }

    private boolean signIn(HttpServletRequest request, HttpServletResponse response, JWTClaimsSet claims) throws IOException {
        OidcSettings s = provider.get().settings();
        String name = text(claims.getClaim(s.userClaim()));
        SignInAttempt attempt = new SignInAttempt(name == null ? "" : name, request.getRemoteAddr(), SignInAttempt.SSO,
                request.getHeader("User-Agent"));
        if (name == null || name.isBlank()) {
            refuse(request, response, attempt, 401, "the ID token has no '" + s.userClaim() + "' claim (the oidc-user-claim setting)");
            return false;
        }
        if ("email".equals(s.userClaim()) && !Boolean.TRUE.equals(claims.getClaim("email_verified"))) {
            refuse(request, response, attempt, 403, "the provider has not verified this e-mail address (claim"
                    + " 'email_verified'), and the oidc-user-claim setting names users by it");
            return false;
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            refuse(request, response, attempt, 401, "the ID token has no 'sub' claim");
            return false;
        }
        List<String> roles = s.rolesOf(groups(claims.getClaim(s.groupsClaim())));
        if (roles.isEmpty()) {
            refuse(request, response, attempt, 403, "no group of this user (claim '" + s.groupsClaim()
                    + "') maps to a Gatehouse role (the oidc-group-roles setting)");
            return false;
        }
        String user; // as stored: the provider may spell the name in another case (names are the same ignoring case)
        try {
            // the account signs on as the user its subject was bound to, whatever its name claim says today
            String account = subjects.accountFor(claims.getIssuer(), subject, name);
            if (!account.equalsIgnoreCase(name)) {
                LOG.log(System.Logger.Level.INFO, "single sign-on: the provider's account named " + LogText.safe(name)
                        + " signs on as " + LogText.safe(account) + ", the user its subject is bound to");
                name = account;
                attempt = new SignInAttempt(name, request.getRemoteAddr(), SignInAttempt.SSO, request.getHeader("User-Agent"));
            }
            user = users.signedOnUser(name, text(claims.getClaim("name")), text(claims.getClaim("email")), roles).name();
            subjects.bind(claims.getIssuer(), subject, user); // a refused sign-on binds nothing
        } catch (RequestRejected e) {
            refuse(request, response, attempt, 403, e.getMessage());
            return false;
        }
        try {
            request.setAttribute(SignInAttempt.CHANNEL_ATTRIBUTE, SignInAttempt.SSO); // the realm's records say how
            request.login(user, users.signOnTicket(user)); // the realm checks the ticket, audits and opens the session
        } catch (ServletException e) {
            refuse(request, response, attempt, 403, "the realm refused the sign-in (too many failed sign-ins, or the user"
                    + " was disabled meanwhile)");
            return false;
        }
        signedInPage(response);
        return true;
    }

    /**
     * {@code GET signed-in}: where an application server's own OpenID Connect client (Payara's, see
     * {@link ServerOpenIdConnect}) sends the provider's answer. The server's client has handled it before this runs;
     * here the browser moves on to the console by a same-site navigation, so the {@code SameSite=Strict} session cookie
     * of the new session goes with it (a redirect would still count as the provider's cross-site navigation). The
     * session remembers {@code gatehouse.sign-out-url}, so that signing out ends the provider's session too.
     */
    private void serverSignedIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getUserPrincipal() == null) {
            LOG.log(System.Logger.Level.WARNING, "single sign-on through the server's OpenID Connect client signed nobody in"
                    + " (from " + LogText.safe(request.getRemoteAddr()) + "); see the server's log for why");
            page(response, 401, "Single sign-on did not work", "The server signed nobody in. Sign in again; if this"
                    + " page comes back, the server's log says why.");
            return;
        }
        // signing out then ends the provider's session too, as after the launcher's own single sign-on
        serverSignOutUrl.ifPresent(url -> request.getSession().setAttribute(ConsoleSessionServlet.SIGN_OUT_URL_ATTRIBUTE, url));
        signedInPage(response);
    }

    /** The page that moves a signed-in browser on to the console. */
    private static void signedInPage(HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/html;charset=utf-8");
        response.getWriter().write("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"0;url=../\"><title>Signed in · Gatehouse</title>"
                + "<link rel=\"stylesheet\" href=\"../assets/console.css\"></head><body class=\"login-page\">"
                + "<main class=\"login-card\"><h1>Signed in</h1><p><a id=\"continue\" href=\"../\">Continue to the console</a></p>"
                + "</main></body></html>");
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, SignInAttempt attempt, int status,
                        String reason) throws IOException {
        guard.failed(attempt, "single sign-on: " + reason);
        LOG.log(System.Logger.Level.WARNING, "single sign-on refused from " + LogText.safe(request.getRemoteAddr()) + ": "
                + LogText.safe(reason));
        page(response, status, "Single sign-on did not work", reason);
    }

    private static void page(HttpServletResponse response, int status, String title, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        response.getWriter().write("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html(title)
                + " · Gatehouse</title><link rel=\"stylesheet\" href=\"../assets/console.css\"></head><body class=\"login-page\">"
                + "<main class=\"login-card\"><h1>" + html(title) + "</h1><p class=\"notice error\" role=\"alert\">"
                + html(text) + "</p><p><a href=\"../\">Back to the sign-in page</a></p></main></body></html>");
    }

    private URI redirectUri(HttpServletRequest request) {
        String base = publicBaseUrl.orElseGet(() -> {
            String scheme = request.getScheme();
            int port = request.getServerPort();
            boolean standard = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            return scheme + "://" + request.getServerName() + (standard ? "" : ":" + port);
        });
        return URI.create(base.replaceAll("/+$", "") + request.getContextPath() + "/sso/callback");
    }

    private static String binding(HttpServletRequest request) {
        return RequestCookies.value(request, BINDING_COOKIE);
    }

    private static void clearBinding(HttpServletRequest request, HttpServletResponse response) {
        Cookie gone = new Cookie(BINDING_COOKIE, "");
        gone.setPath(request.getContextPath() + "/sso/");
        gone.setMaxAge(0);
        gone.setHttpOnly(true);
        response.addCookie(gone);
    }

    private static List<String> groups(Object claim) {
        List<String> groups = new ArrayList<>();
        if (claim instanceof List<?> list) {
            list.forEach(g -> groups.add(String.valueOf(g)));
        } else if (claim instanceof String s) {
            groups.add(s);
        }
        return groups;
    }

    private static String text(Object claim) {
        return claim instanceof String s ? s : null;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String safe(String value) {
        String v = value.length() > 100 ? value.substring(0, 100) : value;
        return v.replaceAll("[^A-Za-z0-9_.-]", "?");
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
