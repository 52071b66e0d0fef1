package dev.gatehouse.admin.http;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link Problem} as {@code application/problem+json} (RFC 9457): the only error form the
 * admin API ever sends, from handlers and from container error pages alike.
 */
public final class ProblemResponder {
    public static final String MEDIA_TYPE = "application/problem+json";

    public void write(Problem problem, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        response.setStatus(problem.status());
        problem.headers().forEach(response::setHeader);
        ResponseHeaders.apply(response);
        response.setContentType(MEDIA_TYPE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
