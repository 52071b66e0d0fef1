package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.runtime.AdminSettings;

/**
 * Absolute MCP endpoint URLs of gateways, as a client must configure them: the configured public base
 * URL (or, without one, the origin this admin request came in on) + the gateway WAR's context path +
 * {@code /mcp/{slug}}.
 */
final class GatewayLinks {
    private final AdminSettings settings;

    GatewayLinks(AdminSettings settings) {
        this.settings = settings;
    }

    String mcpUrl(ApiRequest request, String gatewaySlug) {
        String base = settings.publicBaseUrl().orElseGet(request::origin);
        return base + settings.gatewayContextPath() + "/mcp/" + gatewaySlug;
    }
}
