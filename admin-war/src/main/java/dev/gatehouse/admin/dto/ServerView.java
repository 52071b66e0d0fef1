package dev.gatehouse.admin.dto;

import java.time.Instant;

/**
 * An upstream server on the wire: whether it has a credential, never the credential.
 *
 * @param revision the server's revision tag (its {@code ETag}) on a single server's reply; null in lists
 */
public record ServerView(String id, String name, String slug, String url, String transport, String authHeaderName,
                         boolean hasCredential, long connectTimeoutMs, long readTimeoutMs, boolean enabled,
                         Instant createdAt, String revision) {
}
