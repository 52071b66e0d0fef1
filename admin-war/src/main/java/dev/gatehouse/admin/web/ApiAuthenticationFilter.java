package dev.gatehouse.admin.web;

import dev.gatehouse.admin.runtime.AdminRuntime;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.ProblemResponder;
import dev.gatehouse.admin.http.UnreadBody;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.signin.SignInAttempt;
import dev.gatehouse.core.signin.SignInGuard;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Authentication of {@code /api/*}, where the web application's one {@code <login-config>} (FORM, for the
 * console) must not apply: API clients get {@code 401} problem+json with a Basic challenge, never a
 * redirect to an HTML login page. The API is therefore left unconstrained in {@code web.xml} and this
 * filter is its gate, in three cases:
 * <ol>
 *   <li>a console session (FORM login): state-changing requests must come from the same origin and carry
 *   the session's CSRF token ({@link CsrfTokens});</li>
 *   <li>{@code Authorization: Basic}: the credentials are checked by the container's own realm through
 *   {@link HttpServletRequest#login}, so the API and the console share users and roles on every server;
 *   the login lasts for this request only. Every failure is counted and audited by the {@link SignInGuard};
 *   while the user name or the address must wait, the answer is {@code 429} with {@code Retry-After}
 *   and the password is not checked at all;</li>
 *   <li>anything else: {@code 401} with {@code WWW-Authenticate: Basic realm="gatehouse"} (RFC 7617).</li>
 * </ol>
 * State-changing requests that a browser labels cross-site are refused in every case.
 */
public final class ApiAuthenticationFilter extends HttpFilter {
    /** The console marks its requests with this header, so an expired session does not pop a browser Basic dialog. */
    static final String CONSOLE_HEADER = "X-Gatehouse-Console";
    private static final String BASIC_CHALLENGE = "Basic realm=\"gatehouse\"";
    /** A scheme no browser prompts for (RFC 9110 section 11.6.1 allows any token): the console logs in by form. */
    private static final String CONSOLE_CHALLENGE = "Form realm=\"gatehouse\"";
    private static final String CSRF_PROBLEM = "urn:gatehouse:problem:csrf";

    private final transient ProblemResponder problems = new ProblemResponder();
    private transient SameOrigin sameOrigin;
    private transient SignInGuard guard;

    @Override
    public void init() throws ServletException {
        sameOrigin = SameOrigin.of(getServletContext());
        Gatehouse gatehouse = AdminRuntime.of(getServletContext());
        guard = gatehouse.signIns();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!SameOrigin.isSafe(request) && sameOrigin.isCrossOrigin(request)) {
            refuse(request, forbidden("cross-site requests are refused"), response);
        } else if (request.getUserPrincipal() != null) {
            fromConsole(request, response, chain);
        } else if (BasicCredentials.isBasic(request.getHeader("Authorization"))) {
            withBasic(request, response, chain);
        } else {
            refuse(request, unauthorized(request), response);
        }
    }

    private void fromConsole(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!SameOrigin.isSafe(request) && !CsrfTokens.presentIn(request)) {
            refuse(request, new Problem(CSRF_PROBLEM, "Forbidden", 403,
                    "the request lacks this session's CSRF token (" + CsrfTokens.HEADER + ")", Map.of()), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void withBasic(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.getHeader("Authorization"));
        SignInAttempt attempt = new SignInAttempt(credentials.map(BasicCredentials::user).orElse(""),
                request.getRemoteAddr(), SignInAttempt.BASIC, request.getHeader("User-Agent"));
        Optional<Duration> wait = guard.refusal(attempt);
        if (wait.isPresent()) {
            refuse(request, mustWait(wait.get()), response);
            return;
        }
        boolean hadSession = request.getSession(false) != null;
        try {
            if (credentials.isEmpty()) {
                guard.failed(attempt, SignInGuard.MALFORMED_CREDENTIALS);
                refuse(request, unauthorized(request), response);
                return;
            }
            request.setAttribute(SignInGuard.GUARDED_ATTRIBUTE, Boolean.TRUE);
            if (!login(request, credentials.get())) {
                guard.failed(attempt, SignInGuard.WRONG_CREDENTIALS);
                refuse(request, unauthorized(request), response);
                return;
            }
            guard.succeeded(attempt);
            if (!hadSession) {
                // a FORM container may open a session to remember the login; an API call keeps none
                response.setHeader("Set-Cookie", null);
            }
            chain.doFilter(request, response);
        } finally {
            endLogin(request, hadSession);
        }
    }

    private static boolean login(HttpServletRequest request, BasicCredentials credentials) {
        try {
            request.login(credentials.user(), credentials.password());
            return request.getUserPrincipal() != null;
        } catch (ServletException e) {
            return false; // wrong user or password: the reason is not the client's to learn
        }
    }

    private static void endLogin(HttpServletRequest request, boolean hadSession) throws ServletException {
        if (request.getUserPrincipal() != null) {
            request.logout();
        }
        HttpSession session = request.getSession(false);
        if (!hadSession && session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // nothing left to end
            }
        }
    }

    private static Problem unauthorized(HttpServletRequest request) {
        String challenge = request.getHeader(CONSOLE_HEADER) != null ? CONSOLE_CHALLENGE : BASIC_CHALLENGE;
        return new Problem(Problem.BLANK, "Unauthorized", 401, "authentication is required",
                Map.of("WWW-Authenticate", challenge));
    }

    /** RFC 6585 section 4: the client must wait before its next sign-in; the reason is the same for user and address. */
    private static Problem mustWait(Duration wait) {
        return Problem.signInWait("failed sign-ins", SignInGuard.retryAfterSeconds(wait));
    }

    private static Problem forbidden(String detail) {
        return new Problem(CSRF_PROBLEM, "Forbidden", 403, detail, Map.of());
    }

    private void refuse(HttpServletRequest request, Problem problem, HttpServletResponse response) throws IOException {
        UnreadBody.closeAfter(request, response);
        problems.write(problem, response);
    }
}
