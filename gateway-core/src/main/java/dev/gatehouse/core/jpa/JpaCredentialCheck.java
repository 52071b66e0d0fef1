package dev.gatehouse.core.jpa;

import dev.gatehouse.core.oauth.OAuthTokenFormat;
import dev.gatehouse.core.revocation.CredentialCheck;
import dev.gatehouse.core.revocation.CredentialCheck.Standing;
import dev.gatehouse.core.store.Authentication.Reason;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The per-request credential check ({@link ConnectionCredential#refusal}) over many tokens in one read per
 * kind: API tokens by public id, OAuth access tokens ({@code gho_…}) by public id with their grant's
 * consent. A token no longer found (an OAuth token purged after expiry) counts as revoked. Upstream identities
 * by id: one deleted or disabled has ended.
 */
public final class JpaCredentialCheck implements CredentialCheck {
    private static final int CHUNK = 200;
    private static final String API = "SELECT " + ConnectionCredential.COLUMNS.formatted("t.created_by")
            + " FROM gh_api_token t JOIN gh_connection c ON c.id = t.connection_id" + ConnectionCredential.JOINS
            + " WHERE t.public_id IN (%s)";
    private static final String OAUTH = "SELECT " + ConnectionCredential.COLUMNS.formatted("gr.user_name")
            + ", gr.revoked_at FROM gh_oauth_token t JOIN gh_oauth_grant gr ON gr.id = t.grant_id"
            + " JOIN gh_connection c ON c.id = gr.connection_id" + ConnectionCredential.JOINS
            + " WHERE t.public_id IN (%s)";

    private static final String LIVE_IDENTITIES = "SELECT id FROM gh_upstream_identity WHERE status <> 'DISABLED' AND id IN (%s)";

    private final Transactions tx;

    public JpaCredentialCheck(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Map<String, Standing> standings(Collection<String> publicIds, Instant now) {
        Map<String, List<String>> byKind = publicIds.stream().distinct()
                .collect(Collectors.groupingBy(id -> id.startsWith(OAuthTokenFormat.ACCESS_PREFIX) ? OAUTH : API));
        Map<String, Standing> standings = new HashMap<>();
        byKind.forEach((sql, ids) -> {
            for (int i = 0; i < ids.size(); i += CHUNK) {
                standings.putAll(standings(sql, ids.subList(i, Math.min(ids.size(), i + CHUNK)), now));
            }
        });
        return standings;
    }

    @Override
    public Set<String> endedIdentities(Collection<String> identityIds) {
        List<String> ids = identityIds.stream().distinct().toList();
        Set<String> ended = new HashSet<>(ids);
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            rows(LIVE_IDENTITIES, chunk).forEach(id -> ended.remove((String) id));
        }
        return ended;
    }

    private List<?> rows(String sql, List<String> ids) {
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return tx.read(em -> {
            var q = em.createNativeQuery(sql.formatted(marks));
            for (int i = 0; i < ids.size(); i++) {
                q.setParameter(i + 1, ids.get(i));
            }
            return q.getResultList();
        });
    }

    private Map<String, Standing> standings(String sql, List<String> ids, Instant now) {
        List<?> rows = rows(sql, ids);
        Map<String, Standing> standings = new HashMap<>();
        for (Object r : rows) {
            Object[] row = (Object[]) r;
            ConnectionCredential credential = ConnectionCredential.of(row);
            Reason reason = sql == OAUTH && row[ConnectionCredential.WIDTH] != null ? Reason.REVOKED // consent withdrawn
                    : credential.refusal(now);
            Standing standing = new Standing(reason, reason == null ? credential.validUntil() : null);
            // a public id shared by two OAuth tokens (16 characters of a hash): a valid one keeps it open
            standings.merge(credential.publicId(), standing, (a, b) -> a.refused() ? b : a);
        }
        for (String id : ids) {
            standings.putIfAbsent(id, new Standing(Reason.REVOKED, null));
        }
        return standings;
    }
}
