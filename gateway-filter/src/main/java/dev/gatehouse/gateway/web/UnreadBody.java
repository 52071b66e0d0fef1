package dev.gatehouse.gateway.web;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A request refused before its body was read leaves that body on the connection. If the container closes
 * the connection with body bytes unread, TCP resets it, and a client still writing may lose the answer
 * (a connection error instead of the 401 that starts its OAuth discovery). So the bytes that have already
 * arrived are read and dropped, up to a small bound and without waiting for more: Gatehouse does not wait
 * on an unauthenticated client's body. The answer says {@code Connection: close} whether or not all of it
 * had arrived, so that no client puts its next request on a connection that may be about to close.
 */
public final class UnreadBody {
    private static final int DRAIN_AT_MOST = 64 * 1024;

    private UnreadBody() {
    }

    /** Drops the arrived part of a refused request's unread body and marks the answer as the connection's last. */
    public static void closeAfter(HttpServletRequest request, HttpServletResponse response) {
        String encoding = request.getHeader("Transfer-Encoding");
        boolean body = request.getContentLengthLong() > 0 || encoding != null && !encoding.isBlank();
        if (body && !readToTheEnd(request)) {
            dropArrived(request);
            response.setHeader("Connection", "close");
        }
    }

    private static boolean readToTheEnd(HttpServletRequest request) {
        try {
            return request.getInputStream().isFinished();
        } catch (IllegalStateException | IOException e) { // read through getReader(), or broken
            return false;
        }
    }

    private static void dropArrived(HttpServletRequest request) {
        try {
            ServletInputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            int dropped = 0;
            while (!in.isFinished() && dropped < DRAIN_AT_MOST && in.available() > 0) {
                int n = in.read(buffer, 0, Math.min(buffer.length, in.available()));
                if (n < 0) {
                    break;
                }
                dropped += n;
            }
        } catch (IllegalStateException | IOException e) { // read through getReader(), or broken: nothing to drop
        }
    }
}
