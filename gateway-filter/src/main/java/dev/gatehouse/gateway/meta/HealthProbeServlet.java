package dev.gatehouse.gateway.meta;

import dev.gatehouse.core.health.HealthChecks;
import dev.gatehouse.gateway.GatehouseRuntimeListener;
import dev.gatehouse.gateway.web.JsonReply;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /gatehouse/health/live} and {@code /gatehouse/health/ready} in the MicroProfile Health shape
 * ({@code {"status":"UP","checks":[{"name":"database","status":"UP"}]}}), 200 when UP, 503 when DOWN.
 * Public like {@code /gatehouse/health}: it names the checks and their status, nothing more.
 */
public final class HealthProbeServlet extends HttpServlet {
    private transient HealthChecks health;

    @Override
    public void init() {
        health = GatehouseRuntimeListener.runtime(getServletContext()).health();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String probe = request.getPathInfo();
        HealthChecks.Report report;
        if ("/live".equals(probe)) {
            report = health.live();
        } else if ("/ready".equals(probe)) {
            report = health.ready();
        } else {
            JsonReply.write(response, 404, JsonErrorServlet.body(404));
            return;
        }
        JsonReply.write(response, report.up() ? 200 : 503, json(report));
    }

    /** Check names are plain ({@link HealthChecks} refuses others), so they need no escaping. */
    static byte[] json(HealthChecks.Report report) {
        StringBuilder out = new StringBuilder("{\"status\":\"").append(status(report.up())).append("\",\"checks\":[");
        for (int i = 0; i < report.checks().size(); i++) {
            HealthChecks.Check check = report.checks().get(i);
            out.append(i == 0 ? "" : ",").append("{\"name\":\"").append(check.name()).append("\",\"status\":\"")
                    .append(status(check.up())).append("\"}");
        }
        return out.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
