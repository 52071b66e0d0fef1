package dev.gatehouse.core.oauth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redirect URI rules: exact match, loopback on any port, private-use schemes, dangerous schemes refused. */
class RedirectUrisTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/callback", "http://localhost:8080/cb", "http://[::1]/cb",
            "https://app.example/cb", "cursor://anysphere.cursor-mcp/oauth/callback", "vscode://vscode.mcp/cb"})
    void registrableWhenLoopbackHttpsOrPrivateUseScheme(String uri) {
        assertTrue(RedirectUris.problemWith(uri).isEmpty(), uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,hi", "file:///etc/passwd",
            "http://app.example/cb", "/relative", "https://app.example/cb#frag", "https://user@app.example/cb", ""})
    void refusedWhenDangerousRelativeOrPlainHttpElsewhere(String uri) {
        assertFalse(RedirectUris.problemWith(uri).isEmpty(), uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:1/callback", "http://127.0.0.1:65000/callback", "http://127.0.0.1/callback"})
    void matchesWhenLoopbackOnAnyPort(String presented) {
        assertTrue(RedirectUris.matches(List.of("http://127.0.0.1/callback"), presented));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:1/other", "http://localhost:1/callback", "https://127.0.0.1/callback",
            "http://127.0.0.1:1/callback?x=1", "https://app.example/cb/", "https://app.example/CB"})
    void noMatchWhenAnythingButTheLoopbackPortDiffers(String presented) {
        assertFalse(RedirectUris.matches(List.of("http://127.0.0.1/callback", "https://app.example/cb"), presented));
    }
}
