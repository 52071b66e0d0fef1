package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static dev.gatehouse.admin.ApiAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /identities/client-metadata.json}: Gatehouse's OAuth Client ID Metadata Document, fetched without any
 * sign-in by an upstream's authorization server: its {@code client_id} is its own URL, its one redirect URI
 * Gatehouse's callback, a public client (no secret, {@code token_endpoint_auth_method} {@code none}) asking for
 * the authorization code and refresh token grants.
 */
class ClientMetadataDocumentTest {
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void documentWhenFetchedAnonymouslyThenItNamesItselfAsClientIdAndTheCallbackAsRedirectUri() {
        HttpResponse<String> r = server.get(null, "/identities/client-metadata.json");

        assertEquals(200, r.statusCode(), r::body);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        JsonNode doc = json(r);
        assertEquals(server.base() + "/identities/client-metadata.json", doc.get("client_id").asText());
        assertEquals("Gatehouse", doc.get("client_name").asText());
        assertEquals(1, doc.get("redirect_uris").size());
        assertEquals(server.base() + "/identities/callback", doc.get("redirect_uris").get(0).asText());
        assertEquals("none", doc.get("token_endpoint_auth_method").asText());
        assertEquals("[\"authorization_code\",\"refresh_token\"]", doc.get("grant_types").toString());
        assertEquals("[\"code\"]", doc.get("response_types").toString());
        assertFalse(doc.has("client_secret"), doc::toString);
    }
}
