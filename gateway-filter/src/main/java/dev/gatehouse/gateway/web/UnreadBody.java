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

    /** Marks the answer as the connection's last when the refused request carries a body. */
    public static void closeAfter(HttpServletRequest request, HttpServletResponse response) {
        String encoding = request.getHeader("Transfer-Encoding");
        if (request.getContentLengthLong() > 0 || encoding != null && !encoding.isBlank()) {
            response.setHeader("Connection", "close");
        }
    }
}
