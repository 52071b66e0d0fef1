package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact checks of admin API replies shared by the tests. */
public final class ApiAssertions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiAssertions() {
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** A JSON reply with the given status; returns its body. */
    public static JsonNode assertJson(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response::body);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        return json(response);
    }

    /** A problem+json reply with the given status and exact detail; returns its body. */
    public static JsonNode assertProblem(int status, String detail, HttpResponse<String> response) {
        JsonNode body = assertProblem(status, response);
        assertEquals(detail, body.path("detail").asText(), response::body);
        return body;
    }

    /** A problem+json reply with the given status; returns its body. */
    public static JsonNode assertProblem(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response::body);
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(null),
                response::body);
        JsonNode body = json(response);
        assertEquals(Set.of("type", "title", "status", "detail"), fields(body), response::body);
        assertEquals(status, body.get("status").asInt());
        assertTrue(body.get("type").asText().equals("about:blank") || body.get("type").asText().startsWith("urn:gatehouse:"));
        assertFalse(body.get("title").asText().isBlank());
        return body;
    }

    public static Set<String> fields(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    public static void assertFields(Set<String> expected, JsonNode object) {
        assertEquals(new TreeSet<>(expected), fields(object), object::toString);
    }
}
