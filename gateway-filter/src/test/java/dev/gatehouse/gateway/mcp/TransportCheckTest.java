package dev.gatehouse.gateway.mcp;

import dev.gatehouse.gateway.web.FakeRequest;
import dev.gatehouse.gateway.web.PublicUrls;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportCheckTest {
    private final TransportCheck check = new TransportCheck(new OriginPolicy(List.of(), new PublicUrls(null)));

    private static FakeRequest post() {
        return new FakeRequest().header("Content-Type", "application/json").header("Accept", "application/json");
    }

    private int status(FakeRequest request) {
        return assertInstanceOf(TransportCheck.Result.Failed.class, check.checkPost(request.build())).error().status();
    }

    @Test
    void checkPostWhenAllHeadersGoodThenPassedWithThem() {
        var passed = assertInstanceOf(TransportCheck.Result.Passed.class, check.checkPost(post()
                .header("Mcp-Session-Id", "s-1").header("MCP-Protocol-Version", "2025-11-25").header("Last-Event-ID", "e-9").build()));
        assertEquals(new TransportHeaders(new AcceptedTypes(true, false), "s-1", "2025-11-25", "e-9"), passed.headers());
    }

    @Test
    void checkPostWhenEachRuleBrokenThenItsStatus() {
        assertEquals(415, status(new FakeRequest().header("Accept", "application/json")));
        assertEquals(406, status(new FakeRequest().header("Content-Type", "application/json")));
        assertEquals(400, status(post().header("MCP-Protocol-Version", "2024-11-05")));
        assertEquals(400, status(post().header("Mcp-Session-Id", "has space")));
        assertEquals(403, status(post().header("Origin", "https://evil.example")));
    }

    @Test
    void checkDeleteWhenNoSessionThen400() {
        var failed = assertInstanceOf(TransportCheck.Result.Failed.class, check.checkDelete(new FakeRequest().build()));
        assertEquals(McpError.sessionRequired(), failed.error());
    }

    @Test
    void isJsonWhenCharsetParameterThenStillJson() {
        assertTrue(TransportCheck.isJson("Application/JSON; charset=utf-8"));
        assertFalse(TransportCheck.isJson("application/json-patch+json"));
        assertFalse(TransportCheck.isJson(null));
    }
}
