package dev.gatehouse.core.model;

import java.util.Objects;

/**
 * What a valid API token entitles its bearer to, as of the request that presented it: one gateway,
 * on behalf of one host, issued by one user. Carried through a request for authorization and audit.
 */
public record TokenGrant(String tokenPublicId, String connectionId, String hostId, String hostName,
                         String gatewaySlug, String issuedBy) {
    public TokenGrant {
        Objects.requireNonNull(tokenPublicId, "tokenPublicId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(gatewaySlug, "gatewaySlug");
    }
}
