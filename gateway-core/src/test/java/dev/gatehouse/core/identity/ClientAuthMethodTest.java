package dev.gatehouse.core.identity;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * How Gatehouse authenticates as an upstream's OAuth client: the conformance suite's
 * {@code auth/token-endpoint-auth-post} found a server listing only {@code client_secret_post} refused
 * Gatehouse's Basic credentials.
 */
class ClientAuthMethodTest {
    @Test
    void chooseWhenTheServerListsOnlyClientSecretPostThenTheFormCarriesTheSecret() {
        assertEquals(ClientAuthMethod.CLIENT_SECRET_POST, ClientAuthMethod.choose("s", null, List.of("client_secret_post")));
        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.choose("s", null, List.of()));
        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC,
                ClientAuthMethod.choose("s", null, List.of("client_secret_post", "client_secret_basic")));
        assertEquals(ClientAuthMethod.CLIENT_SECRET_POST, ClientAuthMethod.choose("s", "client_secret_post", List.of()));
        assertEquals(ClientAuthMethod.NONE, ClientAuthMethod.choose(null, "client_secret_basic", List.of("client_secret_basic")));
    }

    @Test
    void applyWhenPostThenIdAndSecretInTheFormAndNoAuthorizationHeader() {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> form = new LinkedHashMap<>();
        ClientAuthMethod.CLIENT_SECRET_POST.apply("id", "secret", headers, form);
        assertEquals(Map.of("client_id", "id", "client_secret", "secret"), form);
        assertFalse(headers.containsKey("Authorization"));

        form.clear();
        ClientAuthMethod.CLIENT_SECRET_BASIC.apply("id", "secret", headers, form);
        assertEquals("Basic aWQ6c2VjcmV0", headers.get("Authorization"));
        assertNull(form.get("client_secret"));
    }

    @Test
    void storedWhenNothingWasKeptThenBasicWithASecretAndNoneWithout() {
        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.stored(null, "s"));
        assertEquals(ClientAuthMethod.NONE, ClientAuthMethod.stored(null, null));
        assertEquals(ClientAuthMethod.CLIENT_SECRET_POST, ClientAuthMethod.stored("client_secret_post", "s"));
        assertEquals(ClientAuthMethod.NONE, ClientAuthMethod.stored("client_secret_post", null));
    }
}
