package dev.gatehouse.core.jpa;

import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.Authentication.Reason;
import dev.gatehouse.core.store.TokenAuthenticator;
import dev.gatehouse.core.token.ParsedToken;
import dev.gatehouse.core.token.TokenHasher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One indexed read per request (the token's row joined with its connection, host and gateway), then a
 * constant-time hash comparison. Where Gatehouse pools the connections itself (the launcher) the read is
 * one prepared JDBC statement on a pooled connection, without an entity manager; in an application server
 * the same SQL goes through the container's unit. The read selects the dozen columns the decision needs rather than four
 * entities: building and cloning entity graphs cost the gateway more per request than the query itself.
 * The shared cache is off in the persistence unit, and there is no token cache, so this read sees what
 * any node committed: revocation is immediate.
 */
public final class JpaTokenAuthenticator implements TokenAuthenticator {
    private static final String BY_PUBLIC_ID = "SELECT " + ConnectionCredential.COLUMNS.formatted("t.created_by")
            + ", t.secret_hash FROM gh_api_token t JOIN gh_connection c ON c.id = t.connection_id"
            + ConnectionCredential.JOINS + " WHERE t.public_id = ?";

    private static final Object[] NONE = new Object[0];

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
        Object[] row = tx.readJdbc(c -> byPublicId(c, token.publicId())).orElseGet(() -> {
            List<?> rows = tx.read(em -> em.createNativeQuery(BY_PUBLIC_ID)
                    .setParameter(1, token.publicId()).setMaxResults(1).getResultList());
            return rows.isEmpty() ? NONE : (Object[]) rows.get(0);
        });
        if (row == NONE) {
            // compare anyway, so an unknown id costs what a known one does
            TokenHasher.matches(token.value(), "");
            return new Authentication.Refused(Reason.UNKNOWN, token.publicId());
        }
        if (!TokenHasher.matches(token.value(), (String) row[ConnectionCredential.WIDTH])) {
            return new Authentication.Refused(Reason.WRONG_SECRET, token.publicId());
        }
        ConnectionCredential credential = ConnectionCredential.of(row);
        Instant now = clock.instant();
        Reason refusal = credential.refusal(now);
        if (refusal != null) {
            // the secret matched: the refusal is attributed to the host and user the token belonged to
            return new Authentication.Refused(refusal, token.publicId(), credential.grant());
        }
        lastUsed.touch(credential.publicId(), now);
        return new Authentication.Granted(credential.grant());
    }

    /** The one prepared statement of the check, on the pool's connection: the row, or {@link #NONE}. */
    private static Object[] byPublicId(Connection c, String publicId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(BY_PUBLIC_ID)) {
            s.setString(1, publicId);
            s.setMaxRows(1);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return NONE;
                }
                Object[] row = new Object[ConnectionCredential.WIDTH + 1];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                return row;
            }
        }
    }
}
