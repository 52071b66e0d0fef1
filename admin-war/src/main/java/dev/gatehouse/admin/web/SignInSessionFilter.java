package dev.gatehouse.admin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.security.Principal;

/**
 * Session fixation (OWASP; Servlet 6.0 section 7.1.5): a session that an anonymous visitor had, and so
 * anybody who planted its id, must not become the signed-in session. Jetty and WildFly change the id
 * when the FORM login succeeds; Payara keeps it. So the first request a session makes as a signed-in user
 * changes its id here ({@link HttpServletRequest#changeSessionId()}), whatever the container did before:
 * that is the redirect the browser follows straight after {@code j_security_check}. The session remembers
 * for whom it did so, so later requests leave the id alone.
 */
public final class SignInSessionFilter extends HttpFilter {
    static final String SIGNED_IN_AS = SignInSessionFilter.class.getName() + ".signedInAs";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Principal user = request.getUserPrincipal();
        HttpSession session = request.getSession(false);
        if (user != null && session != null && !user.getName().equals(session.getAttribute(SIGNED_IN_AS))) {
            request.changeSessionId();
            request.getSession().setAttribute(SIGNED_IN_AS, user.getName());
        }
        chain.doFilter(request, response);
    }
}
