package dev.gatehouse.gateway.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.oauth.ClientRegistration;
import dev.gatehouse.core.oauth.OAuthClient;
import dev.gatehouse.core.oauth.OAuthProblem;
import dev.gatehouse.gateway.web.ClientFacts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dynamic Client Registration (RFC 7591) at {@code /oauth/register}: open, as MCP clients register
 * themselves before any user is involved; a registration grants nothing until a user approves it on
 * the consent page, and one never used is purged. Public clients only ({@code none}).
 */
public final class ClientRegistrationServlet extends OAuthEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 16 * 1024;

    public ClientRegistrationServlet() {
        super("registration");
    }

    @Override
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ClientRegistration registration = parse(request);
        OAuthClient client = runtime.oauth().clients().register(registration, ClientFacts.of(request).clientAddress());
        audit.registered(request, client);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", client.clientId());
        body.put("client_id_issued_at", runtime.clock().instant().getEpochSecond());
        body.put("client_name", client.name());
        body.put("redirect_uris", client.redirectUris());
        body.put("grant_types", List.of("authorization_code", "refresh_token"));
        body.put("response_types", List.of("code"));
        body.put("token_endpoint_auth_method", "none");
        OAuthReply.json(response, 201, body);
    }

    private static ClientRegistration parse(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT_METADATA, "the registration must be application/json");
        }
        JsonNode doc;
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new OAuthProblem(OAuthProblem.INVALID_CLIENT_METADATA, "the registration is larger than 16 KiB");
            }
            doc = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT_METADATA, "the registration is not valid JSON");
        }
        if (doc == null || !doc.isObject()) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT_METADATA, "the registration must be a JSON object");
        }
        JsonNode name = doc.get("client_name");
        JsonNode method = doc.get("token_endpoint_auth_method");
        return new ClientRegistration(name != null && name.isTextual() ? name.asText() : null,
                strings(doc, "redirect_uris"), strings(doc, "grant_types"), strings(doc, "response_types"),
                method != null && method.isTextual() ? method.asText() : null);
    }

    private static List<String> strings(JsonNode doc, String member) {
        JsonNode n = doc.get(member);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT_METADATA, member + " must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isTextual()) {
                throw new OAuthProblem(OAuthProblem.INVALID_CLIENT_METADATA, member + " must be an array of strings");
            }
            values.add(v.asText());
        }
        return values;
    }
}
