package dev.gatehouse.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.net.OutboundHttp;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds an MCP server's authorization server as the MCP authorization spec has a client do it: an
 * unauthenticated request to the server, whose 401 names its protected resource metadata
 * ({@code WWW-Authenticate: Bearer resource_metadata="…"}, RFC 9728 section 5.1; else the well-known URIs
 * of section 3) and the scopes to ask for ({@code scope="…"}); that metadata names the authorization
 * server, whose own metadata comes from RFC 8414 ({@code /.well-known/oauth-authorization-server}, path
 * inserted) or OpenID Connect discovery. PKCE S256 must be offered. Every request goes through the SSRF
 * guard ({@link OutboundHttp}).
 */
public final class OAuthDiscovery {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_DOCUMENT = 256 * 1024;
    private static final Pattern PARAM = Pattern.compile("([A-Za-z_]+)\\s*=\\s*\"([^\"]*)\"");
    private static final String PROBE = "{\"jsonrpc\":\"2.0\",\"id\":\"gatehouse-discovery\",\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"gatehouse\",\"version\":\"1\"}}}";

    private final OutboundHttp http;

    public OAuthDiscovery(OutboundHttp http) {
        this.http = http;
    }

    /** Why the server's authorization server could not be found, in words for the admin. */
    public static final class DiscoveryFailed extends Exception {
        public DiscoveryFailed(String message) {
            super(message);
        }
    }

    public AuthorizationServerInfo discover(URI mcpUrl) throws DiscoveryFailed {
        Map<String, String> challenge = Map.of();
        try {
            OutboundHttp.Response probe = http.send("POST", mcpUrl, Map.of("Content-Type", "application/json",
                    "Accept", "application/json, text/event-stream"), PROBE.getBytes(StandardCharsets.UTF_8), TIMEOUT, MAX_DOCUMENT);
            if (probe.status() == 401 && probe.wwwAuthenticate() != null) {
                challenge = params(probe.wwwAuthenticate());
            }
        } catch (IOException e) {
            throw new DiscoveryFailed("the server " + mcpUrl + " could not be asked: " + e.getMessage());
        }
        JsonNode resource = resourceMetadata(mcpUrl, challenge.get("resource_metadata"));
        JsonNode servers = resource.path("authorization_servers");
        if (!servers.isArray() || servers.isEmpty() || !servers.get(0).isTextual()) {
            throw new DiscoveryFailed("the server's protected resource metadata names no authorization server");
        }
        URI issuer = URI.create(servers.get(0).textValue());
        JsonNode as = authorizationServerMetadata(issuer);
        JsonNode methods = as.path("code_challenge_methods_supported");
        boolean s256 = false;
        for (JsonNode m : methods) {
            s256 |= "S256".equals(m.asText());
        }
        if (!s256) {
            throw new DiscoveryFailed("the authorization server " + issuer + " does not offer PKCE S256, which MCP requires");
        }
        String scope = challenge.get("scope");
        if (scope == null && resource.path("scopes_supported").isArray()) {
            List<String> scopes = new ArrayList<>();
            resource.path("scopes_supported").forEach(n -> scopes.add(n.asText()));
            scope = scopes.isEmpty() ? null : String.join(" ", scopes);
        }
        String resourceId = resource.path("resource").isTextual() ? resource.path("resource").textValue() : canonical(mcpUrl);
        return new AuthorizationServerInfo(text(as, "issuer", issuer.toString()), required(as, "authorization_endpoint"),
                required(as, "token_endpoint"), text(as, "registration_endpoint", null), text(as, "revocation_endpoint", null),
                resourceId, scope, texts(as.path("token_endpoint_auth_methods_supported")),
                as.path("client_id_metadata_document_supported").asBoolean(false));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> {
            if (n.isTextual()) {
                values.add(n.textValue());
            }
        });
        return values;
    }

    private JsonNode resourceMetadata(URI mcpUrl, String announced) throws DiscoveryFailed {
        List<URI> candidates = new ArrayList<>();
        if (announced != null) {
            candidates.add(mcpUrl.resolve(announced));
        }
        String path = mcpUrl.getRawPath() == null ? "" : mcpUrl.getRawPath();
        candidates.add(mcpUrl.resolve("/.well-known/oauth-protected-resource" + (path.equals("/") ? "" : path)));
        candidates.add(mcpUrl.resolve("/.well-known/oauth-protected-resource"));
        return firstDocument(candidates, "protected resource metadata");
    }

    private JsonNode authorizationServerMetadata(URI issuer) throws DiscoveryFailed {
        String path = issuer.getRawPath() == null || issuer.getRawPath().equals("/") ? "" : issuer.getRawPath();
        List<URI> candidates = List.of(
                issuer.resolve("/.well-known/oauth-authorization-server" + path),
                issuer.resolve("/.well-known/openid-configuration" + path),
                URI.create(issuer.toString().replaceAll("/$", "") + "/.well-known/openid-configuration"));
        return firstDocument(candidates, "authorization server metadata");
    }

    private JsonNode firstDocument(List<URI> candidates, String what) throws DiscoveryFailed {
        List<String> tried = new ArrayList<>();
        for (URI uri : candidates) {
            try {
                OutboundHttp.Response r = http.send("GET", uri, Map.of("Accept", "application/json"), null, TIMEOUT, MAX_DOCUMENT);
                if (r.status() == 200) {
                    JsonNode doc = JSON.readTree(r.body());
                    if (doc != null && doc.isObject()) {
                        return doc;
                    }
                }
                tried.add(uri + " (" + r.status() + ")");
            } catch (IOException e) {
                tried.add(uri + " (" + e.getMessage() + ")");
            }
        }
        throw new DiscoveryFailed("no " + what + " found; tried " + String.join(", ", tried));
    }

    /** The auth-params of a {@code Bearer} challenge. */
    static Map<String, String> params(String challenge) {
        Map<String, String> found = new java.util.HashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            found.putIfAbsent(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        return found;
    }

    /** The canonical URI of an MCP server as a resource (RFC 8707, MCP authorization: no fragment). */
    static String canonical(URI mcpUrl) {
        return mcpUrl.toString().replaceAll("#.*$", "");
    }

    private static String text(JsonNode doc, String field, String fallback) {
        return doc.path(field).isTextual() ? doc.path(field).textValue() : fallback;
    }

    private static String required(JsonNode doc, String field) throws DiscoveryFailed {
        String value = text(doc, field, null);
        if (value == null) {
            throw new DiscoveryFailed("the authorization server metadata has no " + field);
        }
        return value;
    }
}
