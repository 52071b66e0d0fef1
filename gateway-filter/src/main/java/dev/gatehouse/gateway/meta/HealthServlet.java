package dev.gatehouse.gateway.meta;

import dev.gatehouse.core.audit.AuditLag;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.gateway.GatehouseRuntimeListener;
import dev.gatehouse.gateway.web.JsonReply;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Liveness and readiness in one: 200 while the database answers, 503 otherwise. Public, no details beyond the
 * audit journal's shipping lag: the node's {@code audit-durability}, how many records its journal holds that the
 * database does not yet, and the age of the oldest of them (docs/audit.md).
 */
public final class HealthServlet extends HttpServlet {

    private transient Gatehouse runtime;

    @Override
    public void init() {
        runtime = GatehouseRuntimeListener.runtime(getServletContext());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean up = runtime.databaseReachable();
        AuditLag lag = runtime.auditLag();
        String body = "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"database\":\"" + (up ? "UP" : "DOWN")
                + "\",\"audit\":{\"durability\":\"" + lag.durability().wireName() + "\",\"unshipped\":" + lag.unshipped()
                + ",\"lagMillis\":" + lag.oldestMillis() + (lag.setAside() == null ? "" : ",\"journalSetAside\":true") + "}}";
        JsonReply.write(response, up ? 200 : 503, body.getBytes(StandardCharsets.US_ASCII));
    }
}
