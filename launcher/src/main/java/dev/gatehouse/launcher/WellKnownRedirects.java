package dev.gatehouse.launcher;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The root helper: OAuth discovery documents at the origin root, where RFC 8414 and RFC 9728 put them
 * for an issuer or resource with a path ({@code /.well-known/oauth-authorization-server/gatehouse},
 * {@code /.well-known/oauth-protected-resource/gatehouse/mcp/{slug}}), redirected to the same documents
 * inside the gateway WAR. MCP clients try these first, before the paths inside the context root.
 * The OpenID configuration path is redirected too. Anything else at the root is 404 JSON.
 */
final class WellKnownRedirects extends HttpServlet {
    private static final byte[] NOT_FOUND = "{\"error\":\"not_found\"}".getBytes(StandardCharsets.US_ASCII);

    private final String gatewayContext;
    private final Pattern authorizationServer;
    private final Pattern openIdConfiguration;
    private final Pattern protectedResource;

    WellKnownRedirects(String gatewayContext) {
        this.gatewayContext = gatewayContext;
        String context = Pattern.quote(gatewayContext);
        this.authorizationServer = Pattern.compile("/\\.well-known/oauth-authorization-server" + context);
        this.openIdConfiguration = Pattern.compile("/\\.well-known/openid-configuration" + context);
        this.protectedResource = Pattern.compile("/\\.well-known/oauth-protected-resource" + context + "(/mcp/[a-z0-9-]{1,64})");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // browser-based clients fetch these across origins; the documents themselves carry no secret
        response.setHeader("Access-Control-Allow-Origin", "*");
        if (request.getMethod().equals("OPTIONS")) {
            response.setHeader("Access-Control-Allow-Methods", "GET, OPTIONS");
            response.setStatus(204);
            return;
        }
        Optional<String> target = target(request.getRequestURI());
        if (target.isPresent() && request.getMethod().equals("GET")) {
            response.setStatus(308);
            response.setHeader("Location", target.get());
            return;
        }
        response.setStatus(404);
        response.setContentType("application/json");
        response.setContentLength(NOT_FOUND.length);
        response.getOutputStream().write(NOT_FOUND);
    }

    /** Where a root-level discovery path lives inside the gateway WAR, if it is one. */
    Optional<String> target(String path) {
        if (authorizationServer.matcher(path).matches()) {
            return Optional.of(gatewayContext + "/.well-known/oauth-authorization-server");
        }
        if (openIdConfiguration.matcher(path).matches()) {
            return Optional.of(gatewayContext + "/.well-known/openid-configuration");
        }
        Matcher m = protectedResource.matcher(path);
        if (m.matches()) {
            return Optional.of(gatewayContext + "/.well-known/oauth-protected-resource" + m.group(1));
        }
        return Optional.empty();
    }
}
