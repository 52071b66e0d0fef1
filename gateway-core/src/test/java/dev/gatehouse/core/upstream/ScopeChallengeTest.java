package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The scope of an upstream's {@code insufficient_scope} challenge, and nothing else of its headers. */
class ScopeChallengeTest {
    @Test
    void insufficientScopeWhenTheChallengeNamesItThenItsScopeWhateverTheOrderOfParameters() {
        assertEquals("mcp:basic mcp:write", ScopeChallenge.insufficientScope(List.of(
                "Bearer scope=\"mcp:basic mcp:write\", resource_metadata=\"https://x/.well-known/oauth-protected-resource/mcp\","
                        + " error=\"insufficient_scope\"")));
        assertEquals("files:write", ScopeChallenge.insufficientScope(List.of("Basic realm=\"x\"",
                "bearer error=\"insufficient_scope\", scope=\"files:write\", error_description=\"more\"")));
    }

    @Test
    void insufficientScopeWhenAnotherErrorOrNoScopeOrNotBearerThenNone() {
        assertNull(ScopeChallenge.insufficientScope(List.of("Bearer error=\"invalid_token\", scope=\"a\"")));
        assertNull(ScopeChallenge.insufficientScope(List.of("Bearer error=\"insufficient_scope\"")));
        assertNull(ScopeChallenge.insufficientScope(List.of("Bearer error=\"insufficient_scope\", scope=\" \"")));
        assertNull(ScopeChallenge.insufficientScope(List.of("Basic error=\"insufficient_scope\", scope=\"a\"")));
        assertNull(ScopeChallenge.insufficientScope(List.of()));
    }
}
