package dev.gatehouse.core.model;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An MCP server Gatehouse calls on behalf of its clients. The credential is never a client's:
 * {@link #authSecret()} is the identity's secret (the server's shared identity, or, on a {@code per-user}
 * assignment, the identity of the user who generated the token), opened only for the upstream request.
 *
 * @param id       the key of this server on its gateway (sessions, routing): the server's id, or for a
 *                 {@code per-user} assignment the assignment's own id, so one server assigned twice is two
 * @param serverId the catalog's id of the server (identities, quarantine)
 * @param identity the identity a request's calls use; null for the server's shared identity as stored
 */
public record UpstreamServer(String id, String name, String slug, URI url, Transport transport,
                             String authHeaderName, String authSecret,
                             Duration connectTimeout, Duration readTimeout,
                             boolean enabled, Instant createdAt, String serverId, IdentityUse identity) {

    /**
     * Wire protocol spoken with the upstream: streamable HTTP (MCP 2025-03-26 and later), the 2024-11-05
     * HTTP+SSE transport, or {@code auto}: streamable HTTP first, HTTP+SSE when the server's URL refuses the
     * {@code initialize} POST with a 4xx other than 401/403 (MCP transports, "Backwards compatibility").
     */
    public enum Transport {
        STREAMABLE_HTTP("streamable-http"), SSE("sse"), AUTO("auto");

        private final String wireName;

        Transport(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the admin API: {@code streamable-http}, {@code sse}, {@code auto}. */
        public String wireName() {
            return wireName;
        }

        /** The transport of a wire name ({@code streamable_http} too, as earlier replies wrote it); empty if none. */
        public static java.util.Optional<Transport> ofWireName(String name) {
            for (Transport t : values()) {
                if (t.wireName.equals(name) || t.name().equalsIgnoreCase(name)) {
                    return java.util.Optional.of(t);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public UpstreamServer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        serverId = serverId == null ? id : serverId;
    }

    public UpstreamServer(String id, String name, String slug, URI url, Transport transport, String authHeaderName,
                          String authSecret, Duration connectTimeout, Duration readTimeout, boolean enabled,
                          Instant createdAt) {
        this(id, name, slug, url, transport, authHeaderName, authSecret, connectTimeout, readTimeout, enabled,
                createdAt, id, null);
    }

    /** The credential header to add upstream, if the server needs one. */
    public Optional<Credential> credential() {
        if (authHeaderName == null || authHeaderName.isBlank() || authSecret == null) {
            return Optional.empty();
        }
        return Optional.of(new Credential(authHeaderName, authSecret));
    }

    /**
     * This server on a {@code per-user} assignment ({@code assignmentId}): no credential at all until the
     * request's user is known ({@link #as}), never the shared one.
     */
    public UpstreamServer perUser(String assignmentId) {
        return new UpstreamServer(assignmentId, name, slug, url, transport, null, null, connectTimeout, readTimeout,
                enabled, createdAt, serverId, IdentityUse.unresolved());
    }

    /** This server presenting {@code credential} (null: none) as the identity {@code use}. */
    public UpstreamServer as(IdentityUse use, Credential credential) {
        return new UpstreamServer(id, name, slug, url, transport, credential == null ? null : credential.headerName(),
                credential == null ? null : credential.value(), connectTimeout, readTimeout, enabled, createdAt,
                serverId, use);
    }

    /** True on a {@code per-user} assignment. */
    public boolean perUser() {
        return identity != null && identity.scheme() == IdentityScheme.PER_USER;
    }

    /** Why this server must not be called for the request (no usable identity, and what to do), if so. */
    public Optional<String> identityProblem() {
        return identity == null || identity.usable() ? Optional.empty() : Optional.of(identity.unusable());
    }

    /** A header carrying the identity's credential for this upstream. */
    public record Credential(String headerName, String value) {
        @Override
        public String toString() {
            return "Credential[" + headerName + "=***]";
        }
    }

    @Override
    public String toString() {
        return "UpstreamServer[" + slug + " " + url + (perUser() ? " per-user" : "") + "]";
    }
}
