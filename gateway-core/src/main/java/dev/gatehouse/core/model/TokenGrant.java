package dev.gatehouse.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What a valid API token entitles its bearer to, as of the request that presented it: one gateway,
 * on behalf of one host, issued by one user. Carried through a request for authorization and audit.
 *
 * @param validUntil when the token stops being valid by time alone (its expiry, or the end of a rotation's
 *                   overlap), read with it; null when it has no end. What the request leaves open (a listen
 *                   stream, a long call) is cut then ({@code CredentialWatch}).
 */
public record TokenGrant(String tokenPublicId, String connectionId, String hostId, String hostName,
                         String gatewaySlug, String issuedBy, Instant validUntil) {
    public TokenGrant {
        Objects.requireNonNull(tokenPublicId, "tokenPublicId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(gatewaySlug, "gatewaySlug");
    }

    /** A grant without an end by time. */
    public TokenGrant(String tokenPublicId, String connectionId, String hostId, String hostName, String gatewaySlug,
                      String issuedBy) {
        this(tokenPublicId, connectionId, hostId, hostName, gatewaySlug, issuedBy, null);
    }
}
