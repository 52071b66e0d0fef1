package dev.gatehouse.core.jpa;

import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.Authentication.Reason;
import dev.gatehouse.core.store.TokenAuthenticator;
import dev.gatehouse.core.token.ParsedToken;
import dev.gatehouse.core.token.TokenHasher;

import org.eclipse.persistence.config.QueryHints;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One indexed read per request (token joined with its connection, host and gateway), then a
 * constant-time hash comparison. The shared cache is off in the persistence unit, so this read sees
 * what any node committed.
 */
public final class JpaTokenAuthenticator implements TokenAuthenticator {
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
        List<ApiTokenEntity> rows = tx.read(em -> em.createNamedQuery("ApiToken.byPublicId", ApiTokenEntity.class)
                .setParameter("publicId", token.publicId()).setMaxResults(1)
                // the token, its connection, host and gateway in one SELECT instead of one each (to-one joins
                // keep one row, so the limit stays right; still a read per request: revocation is immediate)
                .setHint(QueryHints.FETCH, "t.connection")
                .setHint(QueryHints.FETCH, "t.connection.host")
                .setHint(QueryHints.FETCH, "t.connection.gateway")
                .getResultList());
        if (rows.isEmpty()) {
            // compare anyway, so an unknown id costs what a known one does
            TokenHasher.matches(token.value(), "");
            return new Authentication.Refused(Reason.UNKNOWN, token.publicId());
        }
        ApiTokenEntity row = rows.get(0);
        Instant now = clock.instant();
        Reason refusal = refusal(row, token, now);
        if (refusal != null) {
            return new Authentication.Refused(refusal, token.publicId());
        }
        lastUsed.touch(row.publicId(), now);
        ConnectionEntity c = row.connection();
        return new Authentication.Granted(new TokenGrant(row.publicId(), c.id(), c.host().id(), c.host().name(),
                c.gateway().slug(), row.createdBy()));
    }

    private static Reason refusal(ApiTokenEntity row, ParsedToken token, Instant now) {
        if (!TokenHasher.matches(token.value(), row.secretHash())) {
            return Reason.WRONG_SECRET;
        }
        ConnectionEntity c = row.connection();
        if (row.revokedAt() != null && !row.revokedAt().isAfter(now) || !c.isLive() || !c.host().isLive()) {
            return Reason.REVOKED;
        }
        if (row.expiresAt() != null && !row.expiresAt().isAfter(now)) {
            return Reason.EXPIRED;
        }
        if (c.disabled()) {
            return Reason.CONNECTION_DISABLED;
        }
        if (c.host().disabled()) {
            return Reason.HOST_DISABLED;
        }
        return null;
    }
}
