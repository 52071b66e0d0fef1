package dev.gatehouse.gateway.web;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PublicUrlsTest {
    @Test
    void metadataWhenNoBaseConfiguredThenBuiltFromTheRequest() {
        var request = new FakeRequest().server("http", "gw.example", 8080).build();
        assertEquals("http://gw.example:8080/gatehouse/.well-known/oauth-protected-resource/mcp/quickstart",
                new PublicUrls(null).metadata(request, "/mcp/quickstart"));
    }

    @Test
    void gatewayWhenDefaultPortThenPortOmitted() {
        var request = new FakeRequest().server("https", "GW.example", 443).build();
        assertEquals("https://gw.example/gatehouse/mcp/quickstart", new PublicUrls(null).gateway(request, "quickstart"));
    }

    @Test
    void gatewayWhenBaseConfiguredThenRequestHostIgnored() {
        var request = new FakeRequest().server("http", "internal-node-7", 8080).build();
        assertEquals("https://mcp.example.com/gatehouse/mcp/a", new PublicUrls(URI.create("https://mcp.example.com")).gateway(request, "a"));
    }

    @Test
    void originWhenIpv6HostThenBracketed() {
        var request = new FakeRequest().server("http", "::1", 8080).build();
        assertEquals("http://[::1]:8080", new PublicUrls(null).origin(request));
    }
}
