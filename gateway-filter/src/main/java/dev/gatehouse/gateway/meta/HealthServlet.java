package dev.gatehouse.gateway.meta;

import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.gateway.GatehouseRuntimeListener;
import dev.gatehouse.gateway.web.JsonReply;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Liveness and readiness in one: 200 while the database answers, 503 otherwise. Public, no details. */
public final class HealthServlet extends HttpServlet {
    static final byte[] UP = "{\"status\":\"UP\",\"database\":\"UP\"}".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DOWN = "{\"status\":\"DOWN\",\"database\":\"DOWN\"}".getBytes(StandardCharsets.US_ASCII);

    private transient Gatehouse runtime;

    @Override
    public void init() {
        runtime = GatehouseRuntimeListener.runtime(getServletContext());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean up = runtime.databaseReachable();
        JsonReply.write(response, up ? 200 : 503, up ? UP : DOWN);
    }
}
