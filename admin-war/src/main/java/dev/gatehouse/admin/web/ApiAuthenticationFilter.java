package dev.gatehouse.admin.web;

import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.ProblemResponder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
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
 *   the login lasts for this request only;</li>
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

    @Override
    public void init() {
        sameOrigin = SameOrigin.of(getServletContext());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!SameOrigin.isSafe(request) && sameOrigin.isCrossOrigin(request)) {
            problems.write(forbidden("cross-site requests are refused"), response);
        } else if (request.getUserPrincipal() != null) {
            fromConsole(request, response, chain);
        } else if (BasicCredentials.isBasic(request.getHeader("Authorization"))) {
            withBasic(request, response, chain);
        } else {
            problems.write(unauthorized(request), response);
        }
    }

    private void fromConsole(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!SameOrigin.isSafe(request) && !CsrfTokens.presentIn(request)) {
            problems.write(new Problem(CSRF_PROBLEM, "Forbidden", 403,
                    "the request lacks this session's CSRF token (" + CsrfTokens.HEADER + ")", Map.of()), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void withBasic(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.getHeader("Authorization"));
        boolean hadSession = request.getSession(false) != null;
        try {
            if (credentials.isEmpty() || !login(request, credentials.get())) {
                problems.write(unauthorized(request), response);
                return;
            }
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

    private static Problem forbidden(String detail) {
        return new Problem(CSRF_PROBLEM, "Forbidden", 403, detail, Map.of());
    }
}
