package dev.gatehouse.core.store;

import dev.gatehouse.core.model.UpstreamServer;

import java.time.Duration;

/**
 * What an admin gives to register an upstream MCP server; the secret is sealed before it is stored.
 *
 * @param transport what the server speaks; null for streamable HTTP
 */
public record NewServer(String name, String slug, String url, String authHeaderName, String authSecret,
                        Duration connectTimeout, Duration readTimeout, UpstreamServer.Transport transport) {
    public NewServer(String name, String slug, String url, String authHeaderName, String authSecret,
                     Duration connectTimeout, Duration readTimeout) {
        this(name, slug, url, authHeaderName, authSecret, connectTimeout, readTimeout, null);
    }

    @Override
    public String toString() {
        return "NewServer[" + slug + " " + url + "]";
    }
}
