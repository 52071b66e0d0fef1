package dev.gatehouse.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request refused before its body was read leaves that body on the connection, and the container then
 * closes the connection after the answer, sometimes after a client has already put its next request on
 * it (a client that gets 401 on {@code initialize} goes on to discovery over the same pooled connection).
 * Saying {@code Connection: close} in the answer lets every client know not to reuse it; Gatehouse does
 * not read an unauthenticated client's body just to keep its connection.
 */
public final class UnreadBody {
    private UnreadBody() {
    }

    /** Marks the answer as the connection's last when the refused request carries a body not read to its end. */
    public static void closeAfter(HttpServletRequest request, HttpServletResponse response) {
        String encoding = request.getHeader("Transfer-Encoding");
        boolean body = request.getContentLengthLong() > 0 || encoding != null && !encoding.isBlank();
        if (body && !readToTheEnd(request)) {
            response.setHeader("Connection", "close");
        }
    }

    private static boolean readToTheEnd(HttpServletRequest request) {
        try {
            return request.getInputStream().isFinished();
        } catch (IllegalStateException | java.io.IOException e) { // read through getReader(), or broken
            return false;
        }
    }
}
