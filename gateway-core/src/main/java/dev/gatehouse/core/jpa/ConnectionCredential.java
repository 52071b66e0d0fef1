package dev.gatehouse.core.jpa;

import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.store.Authentication.Reason;

import java.time.Instant;

/**
 * What every request's credential check reads about a token of a connection (an API token or an OAuth
 * access token): the token's own dates, its connection, host and gateway, in one joined row, and the one
 * decision both kinds share. Read as columns rather than entities: building entity graphs cost the gateway
 * more per request than the query itself.
 *
 * @param issuedBy the user who generated the API token, or who authorized the OAuth client
 */
public record ConnectionCredential(String publicId, Instant revokedAt, Instant expiresAt, String issuedBy,
                                   String connectionId, boolean connectionDisabled, boolean connectionDeleted,
                                   String hostId, String hostName, boolean hostDisabled, boolean hostDeleted,
                                   String gatewaySlug) {
    /**
     * The columns a query selects first, in {@link #of}'s order, for a token table aliased {@code t} joined
     * with {@link #JOINS} (public id, revoked, expires, then the connection, host and gateway).
     */
    public static final String COLUMNS = "t.public_id, t.revoked_at, t.expires_at, %s,"
            + " c.id, c.disabled, c.deleted_at, h.id, h.name, h.disabled, h.deleted_at, g.slug";
    /** The connection ({@code c}), its host ({@code h}) and gateway ({@code g}). */
    public static final String JOINS = " JOIN gh_host h ON h.id = c.host_id JOIN gh_gateway g ON g.id = c.gateway_id";
    /** How many columns {@link #COLUMNS} selects. */
    public static final int WIDTH = 12;

    /** The credential in {@code row}, from its first {@link #WIDTH} columns. */
    public static ConnectionCredential of(Object[] row) {
        return new ConnectionCredential((String) row[0], instant(row[1]), instant(row[2]), (String) row[3],
                (String) row[4], flag(row[5]), row[6] != null, (String) row[7], (String) row[8], flag(row[9]),
                row[10] != null, (String) row[11]);
    }

    /** Why the credential is refused now, or null when it is good: revoked, expired, then the kill switches. */
    public Reason refusal(Instant now) {
        if (revokedAt != null && !revokedAt.isAfter(now) || connectionDeleted || hostDeleted) {
            return Reason.REVOKED;
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return Reason.EXPIRED;
        }
        if (connectionDisabled) {
            return Reason.CONNECTION_DISABLED;
        }
        if (hostDisabled) {
            return Reason.HOST_DISABLED;
        }
        return null;
    }

    public TokenGrant grant() {
        return new TokenGrant(publicId, connectionId, hostId, hostName, gatewaySlug, issuedBy, validUntil());
    }

    /** When the token stops being valid by time alone: its expiry, or a revocation set in the future (a rotation's overlap). */
    public Instant validUntil() {
        Instant until = expiresAt;
        if (revokedAt != null && (until == null || revokedAt.isBefore(until))) {
            until = revokedAt;
        }
        return until;
    }

    static Instant instant(Object value) {
        return InstantConverter.fromColumn(value);
    }

    private static boolean flag(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }
}
