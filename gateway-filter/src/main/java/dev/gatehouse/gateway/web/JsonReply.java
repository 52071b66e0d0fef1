package dev.gatehouse.gateway.web;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Writes a complete JSON reply: status, {@code application/json}, {@code Cache-Control: no-store}, body. */
public final class JsonReply {
    public static final String CONTENT_TYPE = "application/json";

    private JsonReply() {
    }

    public static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        head(response, status, body.length);
        response.getOutputStream().write(body);
    }

    /** Sets the reply's status and headers for a body of {@code length} bytes, written afterwards by the caller. */
    public static void head(HttpServletResponse response, int status, int length) {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(length);
    }
}
