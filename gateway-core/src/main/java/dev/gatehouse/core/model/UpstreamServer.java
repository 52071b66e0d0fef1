package dev.gatehouse.core.model;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An MCP server Gatehouse calls on behalf of its clients. The credential is the gateway's own and
 * never leaves the server: {@link #authSecret()} is decrypted only for the upstream request.
 */
public record UpstreamServer(String id, String name, String slug, URI url, Transport transport,
                             String authHeaderName, String authSecret,
                             Duration connectTimeout, Duration readTimeout,
                             boolean enabled, Instant createdAt) {

    /** Wire protocol spoken with the upstream. */
    public enum Transport { STREAMABLE_HTTP }

    public UpstreamServer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    /** The credential header to add upstream, if the server needs one. */
    public Optional<Credential> credential() {
        if (authHeaderName == null || authHeaderName.isBlank() || authSecret == null) {
            return Optional.empty();
        }
        return Optional.of(new Credential(authHeaderName, authSecret));
    }

    /** A header carrying the gateway's own credential for this upstream. */
    public record Credential(String headerName, String value) {
        @Override
        public String toString() {
            return "Credential[" + headerName + "=***]";
        }
    }

    @Override
    public String toString() {
        return "UpstreamServer[" + slug + " " + url + "]";
    }
}
