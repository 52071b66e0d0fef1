package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** The admin REST API as the tutorial's curl commands use it: JSON over HTTP Basic. */
final class AdminApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    AdminApi(String baseUrl, String user, String password) {
        this.base = baseUrl + "/gatehouse-admin/api";
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(String method, String path, String jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization);
        if (jsonBody == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode expect(int status, String method, String path, String jsonBody) throws Exception {
        HttpResponse<String> r = send(method, path, jsonBody);
        if (r.statusCode() != status) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    JsonNode createTokenHost(String name) throws Exception {
        return expect(201, "POST", "/hosts", JSON.writeValueAsString(Map.of("name", name, "kind", "TOKEN")));
    }

    JsonNode connect(String hostId, String gateway) throws Exception {
        return expect(201, "POST", "/hosts/" + hostId + "/connections", JSON.writeValueAsString(Map.of("gateway", gateway)));
    }

    void deleteConnection(String connectionId) throws Exception {
        expect(204, "DELETE", "/connections/" + connectionId, null);
    }

    JsonNode logs(Map<String, String> filters) throws Exception {
        String query = filters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return expect(200, "GET", "/logs" + (query.isEmpty() ? "" : "?" + query), null);
    }
}
