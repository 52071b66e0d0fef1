package dev.gatehouse.core.jpa;

import dev.gatehouse.core.model.Connection;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.store.ConnectionRegistry;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.token.TokenHasher;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Connections and their tokens in JPA. The plain token exists only in the value returned by
 * {@link #connect}; the database keeps its public id and hash.
 */
public final class JpaConnectionRegistry implements ConnectionRegistry {
    private static final int PUBLIC_ID_ATTEMPTS = 5;
    private final Transactions tx;
    private final ApiTokenFormat tokens;
    private final Clock clock;

    public JpaConnectionRegistry(Transactions tx, ApiTokenFormat tokens, Clock clock) {
        this.tx = tx;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public IssuedConnection connect(String hostId, String gatewaySlug, Instant expiresAt, String actor) {
        if (gatewaySlug == null || gatewaySlug.isBlank()) {
            throw RequestRejected.invalid("'gateway' is required");
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw RequestRejected.invalid("'expiresAt' must be in the future");
        }
        return tx.inTransaction(em -> {
            HostEntity host = liveHost(em, hostId);
            if (host.kind() != HostKind.TOKEN) {
                throw RequestRejected.invalid("API access tokens are issued to token-based hosts only");
            }
            GatewayEntity gateway = JpaGatewayCatalog.gatewayEntity(em, gatewaySlug.strip())
                    .orElseThrow(() -> RequestRejected.invalid("unknown gateway '" + gatewaySlug + "'"));
            ConnectionEntity connection = new ConnectionEntity(UUID.randomUUID().toString(), host, gateway, actor, now);
            em.persist(connection);
            String publicId = freePublicId(em);
            String token = tokens.newToken(publicId);
            ApiTokenEntity row = new ApiTokenEntity(UUID.randomUUID().toString(), connection, publicId,
                    TokenHasher.hash(token), actor, now, expiresAt);
            em.persist(row);
            return new IssuedConnection(toRecord(connection, row), token);
        });
    }

    @Override
    public List<Connection> connections(String hostId) {
        return tx.read(em -> {
            liveHost(em, hostId);
            return em.createNamedQuery("Connection.liveOfHost", ConnectionEntity.class)
                    .setParameter("hostId", hostId).getResultList().stream()
                    .map(c -> toRecord(c, currentToken(em, c.id()))).toList();
        });
    }

    @Override
    public Optional<Connection> connection(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(ConnectionEntity.class, id))
                .filter(c -> c.isLive() && c.host().isLive())
                .map(c -> toRecord(c, currentToken(em, c.id()))));
    }

    @Override
    public boolean deleteConnection(String id, String actor) {
        if (id == null) {
            return false;
        }
        Instant now = clock.instant();
        return tx.inTransaction(em -> {
            ConnectionEntity c = em.find(ConnectionEntity.class, id);
            if (c == null || !c.isLive()) {
                return false;
            }
            c.delete(now, actor);
            em.createNamedQuery("ApiToken.revokeOfConnection").setParameter("when", now)
                    .setParameter("connectionId", id).executeUpdate();
            return true;
        });
    }

    private static HostEntity liveHost(EntityManager em, String hostId) {
        HostEntity host = hostId == null ? null : em.find(HostEntity.class, hostId);
        if (host == null || !host.isLive()) {
            throw RequestRejected.notFound("no host with id '" + hostId + "'");
        }
        return host;
    }

    private String freePublicId(EntityManager em) {
        for (int i = 0; i < PUBLIC_ID_ATTEMPTS; i++) {
            String candidate = tokens.newPublicId();
            boolean taken = !em.createNamedQuery("ApiToken.byPublicId", ApiTokenEntity.class)
                    .setParameter("publicId", candidate).setMaxResults(1).getResultList().isEmpty();
            if (!taken) {
                return candidate;
            }
        }
        throw new IllegalStateException("could not find a free token public id");
    }

    private static ApiTokenEntity currentToken(EntityManager em, String connectionId) {
        return em.createNamedQuery("ApiToken.ofConnection", ApiTokenEntity.class)
                .setParameter("connectionId", connectionId).setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    static Connection toRecord(ConnectionEntity c, ApiTokenEntity token) {
        return new Connection(c.id(), c.host().id(), c.gateway().slug(), c.createdBy(), c.createdAt(),
                token == null ? null : ApiTokenFormat.displayPrefix(token.publicId()),
                token == null ? null : token.expiresAt(),
                token == null ? null : token.lastUsedAt(),
                c.disabled());
    }
}
