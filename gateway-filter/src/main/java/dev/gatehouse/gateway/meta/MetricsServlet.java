package dev.gatehouse.gateway.meta;

import dev.gatehouse.core.telemetry.GatehouseMetrics;
import dev.gatehouse.core.telemetry.TelemetrySettings;
import dev.gatehouse.gateway.GatehouseRuntimeListener;
import dev.gatehouse.gateway.web.JsonReply;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;

/**
 * {@code /gatehouse/metrics}: this node's metrics in the Prometheus text format, or OpenMetrics when the
 * scraper's {@code Accept} asks for it (docs/operations.md). Off unless {@code metrics-enabled} is set
 * (404 like any unknown path); then only for a scraper that sends {@code Authorization: Bearer} with the
 * {@code metrics-token}, compared in constant time (digests of equal length, {@link MessageDigest#isEqual}),
 * so neither the token's content nor its length leaks through timing. Anything else gets 401 with a
 * {@code WWW-Authenticate} challenge (RFC 6750).
 */
public final class MetricsServlet extends HttpServlet {
    static final byte[] UNAUTHORIZED = "{\"error\":\"invalid_token\",\"error_description\":\"The metrics scrape token is required.\"}"
            .getBytes(StandardCharsets.US_ASCII);

    private transient GatehouseMetrics metrics;
    private transient boolean enabled;
    private transient byte[] tokenDigest;

    @Override
    public void init() {
        var runtime = GatehouseRuntimeListener.runtime(getServletContext());
        TelemetrySettings settings = runtime.telemetry().settings();
        metrics = runtime.metrics();
        enabled = settings.metricsEndpoint();
        tokenDigest = enabled ? sha256(settings.scrapeTokenBytes()) : null;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!enabled) {
            JsonReply.write(response, 404, JsonErrorServlet.body(404));
            return;
        }
        if (!authorized(request)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"gatehouse-metrics\"");
            JsonReply.write(response, 401, UNAUTHORIZED);
            return;
        }
        if (!request.getMethod().equals("GET")) {
            response.setHeader("Allow", "GET");
            JsonReply.write(response, 405, JsonErrorServlet.body(405));
            return;
        }
        String accept = request.getHeader("Accept");
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        metrics.scrape(accept, body);
        response.setStatus(200);
        response.setContentType(metrics.contentType(accept));
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }

    /** Exactly one {@code Authorization: Bearer <token>} header carrying the scrape token. */
    private boolean authorized(HttpServletRequest request) {
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.size() != 1 || headers.get(0).length() < 8
                || !headers.get(0).regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = headers.get(0).substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(sha256(presented), tokenDigest);
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
