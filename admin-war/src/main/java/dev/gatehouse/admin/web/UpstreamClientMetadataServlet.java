package dev.gatehouse.admin.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.runtime.AdminSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Gatehouse's OAuth Client ID Metadata Document ({@code /identities/client-metadata.json}, the MCP authorization
 * spec's preferred client registration; draft-ietf-oauth-client-id-metadata-document): an upstream's authorization
 * server that advertises {@code client_id_metadata_document_supported} is given this document's URL as Gatehouse's
 * {@code client_id} and fetches it to learn the client's name and redirect URI. Open to anyone (public metadata,
 * no secret): a public client ({@code token_endpoint_auth_method} {@code none}) whose only redirect URI is
 * Gatehouse's callback. Its {@code client_id} is its own URL, as the draft requires.
 */
public final class UpstreamClientMetadataServlet extends HttpServlet {
    public static final String PATH = "/identities/client-metadata.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private transient Optional<String> publicBaseUrl;

    @Override
    public void init() {
        publicBaseUrl = Optional.ofNullable((AdminSettings) getServletContext().getAttribute(AdminSettings.ATTRIBUTE))
                .flatMap(AdminSettings::publicBaseUrl);
    }

    /** The document's URL as an authorization server fetches it; used as the client id. */
    public static String url(String base, String contextPath) {
        return base + contextPath + PATH;
    }

    /** Gatehouse's callback, the document's one redirect URI. */
    public static String redirectUri(String base, String contextPath) {
        return base + contextPath + UpstreamSignInCallbackServlet.PATH;
    }

    /** The document for Gatehouse reached at {@code base} (scheme, host, port) under {@code contextPath}. */
    public static ObjectNode document(String base, String contextPath) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("client_id", url(base, contextPath));
        doc.put("client_name", "Gatehouse");
        doc.putArray("redirect_uris").add(redirectUri(base, contextPath));
        doc.putArray("grant_types").add("authorization_code").add("refresh_token");
        doc.putArray("response_types").add("code");
        doc.put("token_endpoint_auth_method", "none");
        return doc;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String base = publicBaseUrl.orElseGet(() -> ApiRequest.originOf(request));
        byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document(base, request.getContextPath()));
        response.setStatus(200);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
