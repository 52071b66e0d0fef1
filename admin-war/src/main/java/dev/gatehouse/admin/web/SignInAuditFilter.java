package dev.gatehouse.admin.web;

import dev.gatehouse.admin.runtime.AdminRuntime;
import dev.gatehouse.core.runtime.LocalIds;
import dev.gatehouse.core.signin.SignInAttempt;
import dev.gatehouse.core.signin.SignInAudit;
import dev.gatehouse.core.signin.SignInGuard;
import dev.gatehouse.core.signin.SignedInSession;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.security.Principal;

/**
 * Audits each console session's sign-in once, on every server: on WildFly and Payara the container signs the user in
 * (its FORM page, its OpenID Connect client) before any code of the WAR runs, so the first request that arrives with
 * a user and a session not yet marked ({@link SignedInSession}) is that sign-in: a {@code sign_in} record, outcome
 * {@code success}, {@code method} {@code sign-in/<the container's authentication type>}, and the mark. The launcher's
 * realm records and marks its sign-ins itself, at the moment they succeed. The API's Basic logins last one request,
 * without a session, and are not recorded here (docs/security.md). Checked again after the chain, for a request
 * whose session the application opened on the way.
 */
public final class SignInAuditFilter extends HttpFilter {
    /** Serialises the marking of one session among its concurrent first requests (striped by session id). */
    private static final Object[] LOCKS = new Object[64];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    private transient SignInAudit audit;

    @Override
    public void init() throws ServletException {
        audit = AdminRuntime.of(getServletContext()).signIns().audit();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        markSignIn(request);
        try {
            chain.doFilter(request, response);
        } finally {
            if (!request.isAsyncStarted()) { // an async request may be completed, and its objects recycled, by now
                markSignIn(request);
            }
        }
    }

    private void markSignIn(HttpServletRequest request) {
        Principal user = request.getUserPrincipal();
        HttpSession session = request.getSession(false);
        if (user == null || session == null || request.getAttribute(SignInGuard.GUARDED_ATTRIBUTE) != null) {
            return;
        }
        try {
            synchronized (LOCKS[Math.floorMod(session.getId().hashCode(), LOCKS.length)]) {
                if (session.getAttribute(SignedInSession.ATTRIBUTE) instanceof SignedInSession s && s.of(user.getName())) {
                    return;
                }
                String how = how(request);
                session.setAttribute(SignedInSession.ATTRIBUTE, audit.signedIn(new SignInAttempt(user.getName(),
                        request.getRemoteAddr(), how, request.getHeader("User-Agent")),
                        SignInAudit.SIGNED_IN + " by the application server (" + how + ")"));
            }
        } catch (IllegalStateException invalidated) {
            // the session ended during this request (a sign-out): nothing is signed in any more
        }
    }

    private static String how(HttpServletRequest request) {
        return ContainerSignIn.how(request);
    }

    /** Records the sign-out of the request's session (the console's {@code POST /console/session}), before it ends. */
    static void signedOut(HttpServletRequest request, SignInAudit audit) {
        HttpSession session = request.getSession(false);
        Principal user = request.getUserPrincipal();
        if (user == null) {
            return;
        }
        Object remembered = session == null ? null : session.getAttribute(SignedInSession.ATTRIBUTE);
        SignedInSession signedIn = remembered instanceof SignedInSession s && s.of(user.getName()) ? s
                : new SignedInSession(user.getName(), how(request), request.getRemoteAddr(), LocalIds.uuid());
        if (session != null) {
            session.removeAttribute(SignedInSession.ATTRIBUTE);
        }
        audit.signedOut(signedIn, request.getRemoteAddr(), request.getHeader("User-Agent"), SignInAudit.SIGNED_OUT);
    }
}
