package dev.gatehouse.admin.web;

import dev.gatehouse.admin.http.Json;
import dev.gatehouse.core.signin.SignInGuard;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /console/sign-in-notice}, open to all: what the sign-in page should say after the container
 * sent the browser back to it. When the realm refused the form sign-in because its user or address must
 * wait ({@link SignInGuard#WAIT_SESSION_ATTRIBUTE}, set by the embedded launcher's realm), the answer is
 * {@code {"retryAfterSeconds":n}}, read once; otherwise {@code {}}. It names no user and says nothing
 * about whether a user exists.
 */
public final class SignInNoticeServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SignInGuard.WAIT_SESSION_ATTRIBUTE) instanceof Long seconds) {
            session.removeAttribute(SignInGuard.WAIT_SESSION_ATTRIBUTE);
            body.put("retryAfterSeconds", seconds);
        }
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
