package dev.gatehouse.core.jpa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A server's revision tag for optimistic concurrency (the admin API's {@code ETag}/{@code If-Match}): a digest
 * of every stored value an edit can change, the shared identity's sealed secret, status and version included,
 * so a change made through any route (an edit, the identities API, a sign-in) gives a new tag without a
 * revision column. The sealed secret is ciphertext and the digest is one-way: the tag reveals nothing.
 */
final class ServerRevision {
    private ServerRevision() {
    }

    static String of(UpstreamServerEntity s, UpstreamIdentityEntity shared) {
        StringBuilder text = new StringBuilder()
                .append(s.id()).append('\0').append(s.name()).append('\0').append(s.url()).append('\0')
                .append(s.transport()).append('\0').append(s.connectTimeoutMillis()).append('\0')
                .append(s.readTimeoutMillis()).append('\0').append(s.enabled());
        if (shared != null) {
            text.append('\0').append(shared.kind()).append('\0').append(shared.status()).append('\0')
                    .append(shared.headerName()).append('\0').append(shared.secretSealed()).append('\0')
                    .append(shared.version());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
