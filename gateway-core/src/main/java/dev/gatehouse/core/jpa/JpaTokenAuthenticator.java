package dev.gatehouse.core.jpa;

import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.Authentication.Reason;
import dev.gatehouse.core.store.TokenAuthenticator;
import dev.gatehouse.core.token.ParsedToken;
import dev.gatehouse.core.token.TokenHasher;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One indexed read per request (the token's row joined with its connection, host and gateway), then a
 * constant-time hash comparison. The read selects the dozen columns the decision needs rather than four
 * entities: building and cloning entity graphs cost the gateway more per request than the query itself.
 * The shared cache is off in the persistence unit, and there is no token cache, so this read sees what
 * any node committed: revocation is immediate.
 */
public final class JpaTokenAuthenticator implements TokenAuthenticator {
    private static final String BY_PUBLIC_ID = "SELECT t.public_id, t.secret_hash, t.revoked_at, t.expires_at, t.created_by,"
            + " c.id, c.disabled, c.deleted_at, h.id, h.name, h.disabled, h.deleted_at, g.slug"
            + " FROM gh_api_token t JOIN gh_connection c ON c.id = t.connection_id"
            + " JOIN gh_host h ON h.id = c.host_id JOIN gh_gateway g ON g.id = c.gateway_id"
            + " WHERE t.public_id = ?";

    /** The columns of one token row the decision reads. */
    private record TokenRow(String publicId, String secretHash, Instant revokedAt, Instant expiresAt, String createdBy,
                            String connectionId, boolean connectionDisabled, boolean connectionDeleted,
                            String hostId, String hostName, boolean hostDisabled, boolean hostDeleted,
                            String gatewaySlug) {
        static TokenRow of(Object[] c) {
            return new TokenRow((String) c[0], (String) c[1], instant(c[2]), instant(c[3]), (String) c[4],
                    (String) c[5], flag(c[6]), c[7] != null, (String) c[8], (String) c[9], flag(c[10]), c[11] != null,
                    (String) c[12]);
        }
    }

    private final Transactions tx;
    private final Clock clock;
    private final LastUsedRecorder lastUsed;

    public JpaTokenAuthenticator(Transactions tx, Clock clock, LastUsedRecorder lastUsed) {
        this.tx = tx;
        this.clock = clock;
        this.lastUsed = lastUsed;
    }

    @Override
    public Authentication authenticate(ParsedToken token) {
        List<?> rows = tx.read(em -> em.createNativeQuery(BY_PUBLIC_ID)
                .setParameter(1, token.publicId()).setMaxResults(1).getResultList());
        if (rows.isEmpty()) {
            // compare anyway, so an unknown id costs what a known one does
            TokenHasher.matches(token.value(), "");
            return new Authentication.Refused(Reason.UNKNOWN, token.publicId());
        }
        TokenRow row = TokenRow.of((Object[]) rows.get(0));
        Instant now = clock.instant();
        Reason refusal = refusal(row, token, now);
        if (refusal != null) {
            return new Authentication.Refused(refusal, token.publicId());
        }
        lastUsed.touch(row.publicId(), now);
        return new Authentication.Granted(new TokenGrant(row.publicId(), row.connectionId(), row.hostId(), row.hostName(),
                row.gatewaySlug(), row.createdBy()));
    }

    private static Reason refusal(TokenRow row, ParsedToken token, Instant now) {
        if (!TokenHasher.matches(token.value(), row.secretHash())) {
            return Reason.WRONG_SECRET;
        }
        if (row.revokedAt() != null && !row.revokedAt().isAfter(now) || row.connectionDeleted() || row.hostDeleted()) {
            return Reason.REVOKED;
        }
        if (row.expiresAt() != null && !row.expiresAt().isAfter(now)) {
            return Reason.EXPIRED;
        }
        if (row.connectionDisabled()) {
            return Reason.CONNECTION_DISABLED;
        }
        if (row.hostDisabled()) {
            return Reason.HOST_DISABLED;
        }
        return null;
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return new InstantConverter().convertToEntityAttribute(t);
        }
        if (value instanceof LocalDateTime l) { // drivers that hand out java.time for TIMESTAMP columns
            return new InstantConverter().convertToEntityAttribute(Timestamp.valueOf(l));
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass().getName());
    }

    private static boolean flag(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }
}
