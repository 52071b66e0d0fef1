package dev.gatehouse.gateway.oauth;

import dev.gatehouse.core.oauth.Scopes;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.gateway.GatehouseRuntimeListener;
import dev.gatehouse.gateway.web.GatewayPath;
import dev.gatehouse.gateway.web.PublicUrls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Authorization server metadata (RFC 8414) at {@code /.well-known/oauth-authorization-server} below the
 * context path, and the same document at {@code /.well-known/openid-configuration} with the members
 * OpenID Connect Discovery makes mandatory, because MCP clients try that path too (MCP authorization,
 * 2025-11-25, "Authorization Server Metadata Discovery"). Gatehouse issues no ID tokens: the
 * {@code openid} scope is refused and the key set ({@code /oauth/jwks}) is empty.
 */
public final class AuthorizationServerMetadataServlet extends HttpServlet {
    private transient OAuthUrls urls;

    @Override
    public void init() {
        Gatehouse runtime = GatehouseRuntimeListener.runtime(getServletContext());
        urls = OAuthUrls.fromSettings(new PublicUrls(runtime.settings().publicBaseUrl()));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = GatewayPath.withinContext(request);
        if (path.equals(OAuthUrls.JWKS_PATH)) {
            OAuthReply.json(response, 200, Map.of("keys", List.of()));
            return;
        }
        Map<String, Object> m = metadata(request);
        if (path.startsWith("/.well-known/openid-configuration")) {
            m.put("jwks_uri", urls.endpoint(request, OAuthUrls.JWKS_PATH));
            m.put("subject_types_supported", List.of("public"));
            m.put("id_token_signing_alg_values_supported", List.of("RS256"));
        }
        OAuthReply.json(response, 200, m);
    }

    private Map<String, Object> metadata(HttpServletRequest request) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", urls.issuer(request));
        m.put("authorization_endpoint", urls.authorization(request));
        m.put("token_endpoint", urls.endpoint(request, OAuthUrls.TOKEN_PATH));
        m.put("registration_endpoint", urls.endpoint(request, OAuthUrls.REGISTRATION_PATH));
        m.put("revocation_endpoint", urls.endpoint(request, OAuthUrls.REVOCATION_PATH));
        m.put("scopes_supported", List.of(Scopes.MCP, Scopes.OFFLINE_ACCESS));
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        m.put("token_endpoint_auth_methods_supported", List.of("none"));
        m.put("revocation_endpoint_auth_methods_supported", List.of("none"));
        m.put("code_challenge_methods_supported", List.of("S256"));
        m.put("client_id_metadata_document_supported", true);
        m.put("authorization_response_iss_parameter_supported", true);
        return m;
    }
}
