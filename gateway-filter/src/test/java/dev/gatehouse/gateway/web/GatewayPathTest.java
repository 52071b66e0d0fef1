package dev.gatehouse.gateway.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GatewayPathTest {
    @Test
    void slugWhenOneSegmentThenReturned() {
        assertEquals(Optional.of("quickstart"), GatewayPath.slug(new FakeRequest().uri("/gatehouse/mcp/quickstart").build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/gatehouse/mcp/", "/gatehouse/mcp/a/b", "/gatehouse/mcp/Quick", "/gatehouse/mcp/%71uick",
            "/gatehouse/mcp/-a", "/gatehouse/other/a"})
    void slugWhenNotExactlyOneSlugSegmentThenEmpty(String uri) {
        assertEquals(Optional.empty(), GatewayPath.slug(new FakeRequest().uri(uri).build()));
    }
}
