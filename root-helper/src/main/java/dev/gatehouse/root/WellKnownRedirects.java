package dev.gatehouse.root;

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
 * {@code /.well-known/oauth-protected-resource/gatehouse/mcp/{slug}}), redirected ({@code 308}) to the
 * same documents inside the gateway WAR. MCP clients try these first, before the paths inside the
 * context root. The OpenID configuration path is redirected too. Anything else at the root is 404 JSON.
 * <p>
 * Deployed at {@code /} as {@code gatehouse-root.war} (init parameter {@value #CONTEXT_PARAMETER}, default
 * {@code /gatehouse}), or added by the embedded launcher.
 */
public final class WellKnownRedirects extends HttpServlet {
    public static final String CONTEXT_PARAMETER = "gateway-context-path";
    private static final String DEFAULT_CONTEXT = "/gatehouse";
    private static final byte[] NOT_FOUND = "{\"error\":\"not_found\"}".getBytes(StandardCharsets.US_ASCII);

    private String gatewayContext;
    private Pattern authorizationServer;
    private Pattern openIdConfiguration;
    private Pattern protectedResource;

    /** For a web.xml declaration: the gateway's context path comes from the init parameter. */
    public WellKnownRedirects() {
    }

    public WellKnownRedirects(String gatewayContext) {
        configure(gatewayContext);
    }

    @Override
    public void init() {
        if (gatewayContext == null) {
            String configured = getInitParameter(CONTEXT_PARAMETER);
            configure(configured == null || configured.isBlank() ? DEFAULT_CONTEXT : configured.strip());
        }
    }

    private void configure(String context) {
        if (!context.startsWith("/") || context.length() < 2 || context.endsWith("/")) {
            throw new IllegalArgumentException(CONTEXT_PARAMETER + " must look like /gatehouse, got '" + context + "'");
        }
        this.gatewayContext = context;
        String quoted = Pattern.quote(context);
        this.authorizationServer = Pattern.compile("/\\.well-known/oauth-authorization-server" + quoted);
        this.openIdConfiguration = Pattern.compile("/\\.well-known/openid-configuration" + quoted);
        this.protectedResource = Pattern.compile("/\\.well-known/oauth-protected-resource" + quoted + "(/mcp/[a-z0-9-]{1,64})");
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
    public Optional<String> target(String path) {
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
