package dev.gatehouse.admin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The console's session cookie is {@code SameSite=Strict} on every server, each the way it honours:
 * <ul>
 *   <li>Jetty: the Servlet 6 cookie attribute ({@link #declareWhereHonoured}, set at start);</li>
 *   <li>WildFly: Undertow ignores that attribute; {@code WEB-INF/undertow-handlers.conf} runs Undertow's
 *       {@code samesite-cookie} handler instead;</li>
 *   <li>elsewhere (Payara, which warns "Unsupported" on the attribute and drops it): this filter, which
 *       adds the attribute to every {@code Set-Cookie} of the session cookie before the response is
 *       committed: those the container added before the filters ran (the FORM authenticator's, before it
 *       forwards to the sign-in page) and those added inside the chain (a new session, a changed id).</li>
 * </ul>
 * A cookie that already says {@code SameSite} is left alone.
 */
public final class SameSiteCookieFilter extends HttpFilter {
    static final String SAME_SITE = "SameSite=Strict";

    /** Declares the attribute on containers that honour it (Jetty); on others declaring it only warns. */
    public static void declareWhereHonoured(ServletContext context) {
        if (context.getServerInfo() != null && context.getServerInfo().toLowerCase(Locale.ROOT).startsWith("jetty")) {
            context.getSessionCookieConfig().setAttribute("SameSite", "Strict");
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String cookieName = getServletContext().getSessionCookieConfig().getName();
        StrictSessionCookie strict = new StrictSessionCookie(response, cookieName == null ? "JSESSIONID" : cookieName);
        strict.rewrite();
        chain.doFilter(request, strict);
        strict.rewrite();
    }

    /** Rewrites the session cookie's {@code Set-Cookie} headers at the last moment it still can. */
    private static final class StrictSessionCookie extends HttpServletResponseWrapper {
        private final String prefix;

        StrictSessionCookie(HttpServletResponse response, String cookieName) {
            super(response);
            this.prefix = cookieName + "=";
        }

        void rewrite() {
            HttpServletResponse response = (HttpServletResponse) getResponse();
            if (response.isCommitted()) {
                return;
            }
            List<String> cookies = List.copyOf(response.getHeaders("Set-Cookie"));
            if (cookies.stream().noneMatch(this::lacksSameSite)) {
                return;
            }
            boolean first = true;
            for (String cookie : cookies) {
                String value = lacksSameSite(cookie) ? cookie + "; " + SAME_SITE : cookie;
                if (first) {
                    response.setHeader("Set-Cookie", value);
                    first = false;
                } else {
                    response.addHeader("Set-Cookie", value);
                }
            }
        }

        private boolean lacksSameSite(String cookie) {
            return cookie.startsWith(prefix) && !cookie.toLowerCase(Locale.ROOT).contains("samesite=");
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            rewrite();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            rewrite();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            rewrite();
            super.flushBuffer();
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            rewrite();
            super.sendRedirect(location);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            rewrite();
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            rewrite();
            super.sendError(sc);
        }
    }
}
