package dev.gatehouse.admin.http;

import java.util.Map;

/**
 * What a handler answers, as a value: JSON, nothing, or a {@link Problem}. Handlers never touch the
 * servlet response, so every reply goes through one writer and one error format.
 */
public sealed interface Reply permits Reply.Json, Reply.Empty, Problem {
    int status();

    Map<String, String> headers();

    /** A JSON body. */
    record Json(int status, Object body, Map<String, String> headers) implements Reply {
        public Json {
            headers = Map.copyOf(headers);
        }
    }

    /** No body, such as {@code 204}. */
    record Empty(int status, Map<String, String> headers) implements Reply {
        public Empty {
            headers = Map.copyOf(headers);
        }
    }

    static Reply ok(Object body) {
        return new Json(200, body, Map.of());
    }

    /** {@code 201} with the new resource's path in {@code Location} (RFC 9110 section 10.2.2). */
    static Reply created(String location, Object body) {
        return new Json(201, body, Map.of("Location", location));
    }

    static Reply noContent() {
        return new Empty(204, Map.of());
    }
}
