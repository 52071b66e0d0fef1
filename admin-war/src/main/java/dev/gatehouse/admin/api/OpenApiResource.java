package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Reply;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /api/openapi.json}: the API's OpenAPI 3.1 description, byte for byte the file kept in
 * {@code docs/openapi.json} (the build copies it onto the class path). Read once; a WAR built without it
 * fails to deploy rather than serve an API nobody can look up.
 */
final class OpenApiResource {
    static final String RESOURCE = "openapi.json";

    private final byte[] document;

    OpenApiResource() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Gatehouse admin cannot start: " + RESOURCE + " is missing from the"
                        + " web application (the build copies docs/openapi.json next to " + getClass().getName() + ")");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Gatehouse admin cannot start: " + RESOURCE + " cannot be read", e);
        }
    }

    Reply get(ApiRequest request) {
        return new Reply.Bytes("application/json", document.clone());
    }
}
