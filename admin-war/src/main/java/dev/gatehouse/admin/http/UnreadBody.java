package dev.gatehouse.admin.http;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A request refused before its body was read (401, a cross-site or CSRF 403, a missing capability, 404) leaves
 * that body on the connection, and the container then closes the connection after the answer, sometimes after
 * a client has put its next request on it ("header parser received no bytes" in the JDK client). The part of
 * the body that has already arrived is dropped (bounded, without waiting for more), so that the close does
 * not reset the connection under the answer, and the answer says {@code Connection: close}, so that no client
 * reuses it. The gateway's own copy of this rule lives beside its servlet (no servlet code is shared between
 * the two WARs).
 */
public final class UnreadBody {
    private static final int DROP_AT_MOST = 64 * 1024;

    private UnreadBody() {
    }

    /** Drops the arrived part of a refused request's unread body and marks the answer as the connection's last. */
    public static void closeAfter(HttpServletRequest request, HttpServletResponse response) {
        String encoding = request.getHeader("Transfer-Encoding");
        boolean body = request.getContentLengthLong() > 0 || encoding != null && !encoding.isBlank();
        if (!body || response.isCommitted()) {
            return;
        }
        try {
            ServletInputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            int dropped = 0;
            while (!in.isFinished() && dropped < DROP_AT_MOST && in.available() > 0) {
                int n = in.read(buffer, 0, Math.min(buffer.length, in.available()));
                if (n < 0) {
                    break;
                }
                dropped += n;
            }
            if (in.isFinished()) {
                return; // read to its end (here or by the handler): the connection can serve the next request
            }
        } catch (IllegalStateException | IOException e) {
            // read through getReader(), or broken: the connection goes
        }
        response.setHeader("Connection", "close");
    }
}
