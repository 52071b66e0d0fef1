package dev.gatehouse.core.oauth;

/**
 * What the audit log may say about an OAuth token: whose it is and where it opens, and its public id
 * (prefix and first 8 random characters). Never the token.
 *
 * @param kind {@code access} or {@code refresh}
 */
public record TokenAttribution(String kind, String tokenPublicId, String clientId, String hostId, String hostName,
                               String user, String gateway) {
    public TokenAttribution {
        kind = kind.toLowerCase(java.util.Locale.ROOT);
    }
}
