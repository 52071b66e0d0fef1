package dev.gatehouse.core.store;

import java.time.Duration;

/** What an admin gives to register an upstream MCP server; the secret is sealed before it is stored. */
public record NewServer(String name, String slug, String url, String authHeaderName, String authSecret,
                        Duration connectTimeout, Duration readTimeout) {
    @Override
    public String toString() {
        return "NewServer[" + slug + " " + url + "]";
    }
}
