package dev.gatehouse.admin.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Synchronizer tokens against cross-site request forgery (OWASP CSRF cheat sheet): one random token per
 * console session, handed to the console's script by {@code /console/session} and sent back in the
 * {@value #HEADER} header of every state-changing request. A forged cross-site request carries the
 * session cookie (were SameSite absent) but cannot read the token, since the same-origin policy keeps
 * the session reply from the forging page.
 */
final class CsrfTokens {
    static final String HEADER = "X-CSRF-Token";
    private static final String ATTRIBUTE = CsrfTokens.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfTokens() {
    }

    /** The session's token, created on first use. */
    static String of(HttpSession session) {
        synchronized (session) {
            Object existing = session.getAttribute(ATTRIBUTE);
            if (existing instanceof String token) {
                return token;
            }
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(ATTRIBUTE, token);
            return token;
        }
    }

    /** True when {@code sent} is the session's token (compared in constant time); for HTML forms, which send it as a field. */
    static boolean matches(HttpSession session, String sent) {
        if (session == null || sent == null || !(session.getAttribute(ATTRIBUTE) instanceof String expected)) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    /** True when the request carries its session's token (compared in constant time). */
    static boolean presentIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String sent = request.getHeader(HEADER);
        if (session == null || sent == null || !(session.getAttribute(ATTRIBUTE) instanceof String expected)) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
