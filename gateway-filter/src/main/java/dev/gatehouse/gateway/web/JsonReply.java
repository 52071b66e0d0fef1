package dev.gatehouse.gateway.web;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Writes a complete JSON reply: status, {@code application/json}, {@code Cache-Control: no-store}, body. */
public final class JsonReply {
    public static final String CONTENT_TYPE = "application/json";

    private JsonReply() {
    }

    public static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
