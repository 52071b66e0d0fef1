package dev.gatehouse.gateway.meta;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.gateway.GatehouseRuntimeListener;
import dev.gatehouse.gateway.web.GatewayPath;
import dev.gatehouse.gateway.web.JsonReply;
import dev.gatehouse.gateway.web.PublicUrls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) of each gateway, at
 * {@code /.well-known/oauth-protected-resource/mcp/{slug}} below the context path; the 401 challenge
 * points here. Public: it tells a client how to present a token, not whether one exists.
 */
public final class ProtectedResourceMetadataServlet extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NOT_FOUND = "{\"error\":\"not_found\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNAVAILABLE = "{\"error\":\"temporarily_unavailable\"}".getBytes(StandardCharsets.US_ASCII);

    private transient Gatehouse runtime;
    private transient PublicUrls urls;

    @Override
    public void init() {
        runtime = GatehouseRuntimeListener.runtime(getServletContext());
        urls = new PublicUrls(runtime.settings().publicBaseUrl());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = GatewayPath.withinContext(request);
        Optional<String> slug = GatewayPath.slugAfter(path, PublicUrls.METADATA_PREFIX + GatewayPath.MCP_PREFIX);
        Optional<Gateway> gateway;
        try {
            gateway = slug.flatMap(runtime.catalog()::gateway);
        } catch (RuntimeException e) {
            response.setHeader("Retry-After", "5");
            JsonReply.write(response, 503, UNAVAILABLE);
            return;
        }
        if (gateway.isEmpty()) {
            JsonReply.write(response, 404, NOT_FOUND);
            return;
        }
        JsonReply.write(response, 200, JSON.writeValueAsBytes(metadata(request, gateway.get())));
    }

    private Map<String, Object> metadata(HttpServletRequest request, Gateway gateway) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", urls.gateway(request, gateway.slug()));
        // Gatehouse's own authorization server: its issuer is this WAR's base URL (RFC 8414 metadata below it)
        m.put("authorization_servers", List.of(urls.base(request)));
        m.put("scopes_supported", List.of(dev.gatehouse.core.oauth.Scopes.MCP));
        m.put("bearer_methods_supported", List.of("header"));
        m.put("resource_name", "Gatehouse gateway " + gateway.name());
        return m;
    }
}
