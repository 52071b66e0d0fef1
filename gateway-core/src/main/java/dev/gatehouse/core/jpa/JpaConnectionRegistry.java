package dev.gatehouse.core.jpa;

import dev.gatehouse.core.model.Connection;
import dev.gatehouse.core.model.ConnectionStatus;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.model.RotatedConnection;
import dev.gatehouse.core.model.TokenInfo;
import dev.gatehouse.core.model.TokenIssuer;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationSignal;
import dev.gatehouse.core.store.ConnectionRegistry;
import dev.gatehouse.core.store.ListQuery;
import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.token.TokenHasher;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Connections and their tokens in JPA. The plain token exists only in the value returned by
 * {@link #connect} or {@link #rotate}; the database keeps its public id and hash.
 */
public final class JpaConnectionRegistry implements ConnectionRegistry {
    private static final int PUBLIC_ID_ATTEMPTS = 5;
    private final Transactions tx;
    private final ApiTokenFormat tokens;
    private final Clock clock;
    private final RevocationSignal revocations;

    public JpaConnectionRegistry(Transactions tx, ApiTokenFormat tokens, Clock clock) {
        this(tx, tokens, clock, RevocationSignal.NONE);
    }

    /** With the node's revocation signal, raised by every change that ends a token (delete, disable, rotate, break-glass). */
    public JpaConnectionRegistry(Transactions tx, ApiTokenFormat tokens, Clock clock, RevocationSignal revocations) {
        this.tx = tx;
        this.tokens = tokens;
        this.clock = clock;
        this.revocations = revocations;
    }

    @Override
    public IssuedConnection connect(String hostId, String gatewaySlug, Instant expiresAt, String actor) {
        if (gatewaySlug == null || gatewaySlug.isBlank()) {
            throw RequestRejected.invalid("'gateway' is required");
        }
        Instant now = now();
        requireFuture(expiresAt, now);
        return tx.inTransaction(em -> {
            HostEntity host = liveHost(em, hostId);
            if (host.kind() != HostKind.TOKEN) {
                throw RequestRejected.invalid("API access tokens are issued to token-based hosts only");
            }
            GatewayEntity gateway = JpaGatewayCatalog.gatewayEntity(em, gatewaySlug.strip())
                    .orElseThrow(() -> RequestRejected.invalid("unknown gateway '" + gatewaySlug + "'"));
            ConnectionEntity connection = new ConnectionEntity(UUID.randomUUID().toString(), host, gateway, actor, now);
            em.persist(connection);
            Issued issued = issueToken(em, connection, actor, now, expiresAt);
            return new IssuedConnection(toRecord(connection, List.of(issued.row()), now), issued.token());
        });
    }

    @Override
    public List<Connection> connections(String hostId) {
        Instant now = now();
        return tx.read(em -> {
            liveHost(em, hostId);
            return em.createNamedQuery("Connection.liveOfHost", ConnectionEntity.class)
                    .setParameter("hostId", hostId).getResultList().stream()
                    .map(c -> record(em, c, now)).toList();
        });
    }

    private static final String LIVE = "e.deletedAt is null and e.host.deletedAt is null";
    private static final List<String> SEARCHED = List.of("id", "gateway.slug", "gateway.name", "host.name", "createdBy");
    private static final Map<String, String> SORTED = Map.of("createdAt", "e.createdAt", "gateway", "e.gateway.slug",
            "host", "lower(e.host.name)", "createdBy", "e.createdBy");
    private static final ListedEntities LISTED_ALL = new ListedEntities("ConnectionEntity", LIVE, SEARCHED, SORTED,
            "e.createdAt, e.id");
    private static final ListedEntities LISTED_OF_HOST = new ListedEntities("ConnectionEntity",
            LIVE + " and e.host.id = :hostId", SEARCHED, SORTED, "e.createdAt, e.id");

    @Override
    public Page<Connection> connections(String hostId, ListQuery query) {
        Instant now = now();
        return tx.read(em -> {
            if (hostId == null) {
                return LISTED_ALL.page(em, ConnectionEntity.class, query, Map.of()).map(c -> record(em, c, now));
            }
            liveHost(em, hostId);
            return LISTED_OF_HOST.page(em, ConnectionEntity.class, query, Map.of("hostId", hostId))
                    .map(c -> record(em, c, now));
        });
    }

    @Override
    public Optional<Connection> connection(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = now();
        return tx.read(em -> liveConnection(em, id).map(c -> record(em, c, now)));
    }

    @Override
    public boolean deleteConnection(String id, String actor) {
        if (id == null) {
            return false;
        }
        Instant now = now();
        return revocations.revoking(tx, new Revocation(Revocation.Cause.CONNECTION_DELETED, id), em -> {
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

    @Override
    public Optional<Connection> setDisabled(String id, boolean disabled) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = now();
        java.util.function.Function<EntityManager, Optional<Connection>> work = em -> liveConnection(em, id).map(c -> {
            if (disabled) {
                c.disable();
            } else {
                c.enable();
            }
            return record(em, c, now);
        });
        return disabled ? revocations.revoking(tx, new Revocation(Revocation.Cause.CONNECTION_DISABLED, id), work)
                : tx.inTransaction(work);
    }

    @Override
    public RotatedConnection rotate(String id, Duration gracePeriod, Instant expiresAt, String actor) {
        Duration grace = gracePeriod == null ? Duration.ZERO : gracePeriod;
        if (grace.isNegative() || grace.compareTo(MAX_GRACE_PERIOD) > 0) {
            throw RequestRejected.invalid("'gracePeriodSeconds' must be between 0 and " + MAX_GRACE_PERIOD.toSeconds());
        }
        Instant now = now();
        requireFuture(expiresAt, now);
        return revocations.revoking(tx, new Revocation(Revocation.Cause.TOKEN_ROTATED, id), em -> {
            ConnectionEntity c = liveConnection(em, id)
                    .orElseThrow(() -> RequestRejected.notFound("no connection with id '" + id + "'"));
            if (c.host().kind() != HostKind.TOKEN) {
                // an interactive client's connection runs on the user's OAuth consent: an API token
                // issued to it would act as that user without their consent
                throw RequestRejected.invalid("API access tokens are issued to token-based hosts only: this is an"
                        + " interactive (OAuth) client's connection; revoke its consent instead");
            }
            List<ApiTokenEntity> before = tokensOf(em, c.id());
            List<ApiTokenEntity> replaced = before.stream().filter(t -> t.isValidAt(now)).toList();
            Instant expiry = expiresAt != null ? expiresAt : replaced.stream().findFirst()
                    .map(ApiTokenEntity::expiresAt).filter(e -> e != null && e.isAfter(now)).orElse(null);
            // the newest token is the current one, so the new token must sort first even on a coarse clock
            Instant issuedAt = before.isEmpty() || now.isAfter(before.get(0).createdAt()) ? now
                    : before.get(0).createdAt().plus(1, ChronoUnit.MICROS);
            Issued issued = issueToken(em, c, actor, issuedAt, expiry);
            Instant until = now.plus(grace);
            replaced.forEach(t -> t.replaceBy(issued.row().id(), until));
            Instant validUntil = replaced.stream().map(ApiTokenEntity::revokedAt).max(Comparator.naturalOrder())
                    .orElse(null);
            String previousPrefix = replaced.isEmpty() ? null : ApiTokenFormat.displayPrefix(replaced.get(0).publicId());
            List<ApiTokenEntity> after = new ArrayList<>(before);
            after.add(0, issued.row());
            return new RotatedConnection(toRecord(c, after, now), issued.token(), previousPrefix, validUntil);
        });
    }

    @Override
    public List<TokenInfo> tokens(String connectionId) {
        if (connectionId == null) {
            return List.of();
        }
        Instant now = now();
        return tx.read(em -> {
            ConnectionEntity c = liveConnection(em, connectionId)
                    .orElseThrow(() -> RequestRejected.notFound("no connection with id '" + connectionId + "'"));
            return tokensOf(em, c.id()).stream().map(t -> new TokenInfo(ApiTokenFormat.displayPrefix(t.publicId()),
                    t.createdBy(), t.createdAt(), t.expiresAt(), t.lastUsedAt(), t.revokedAt(),
                    t.replacedBy() != null, t.isValidAt(now))).toList();
        });
    }

    @Override
    public int revokeTokensIssuedBy(String user, String actor) {
        if (user == null || user.isBlank()) {
            throw RequestRejected.invalid("'user' is required");
        }
        Instant now = now();
        String who = user.strip();
        return revocations.revoking(tx, new Revocation(Revocation.Cause.TOKENS_OF_USER_REVOKED, who),
                em -> em.createNamedQuery("ApiToken.revokeIssuedBy").setParameter("when", now)
                        .setParameter("user", who).executeUpdate()
                        // the user's OAuth tokens act as the user: they end with the user's consent grants
                        + ConsentRevocation.revokeAllOf(em, who, now, actor));
    }

    /** Users with API tokens they generated, or OAuth tokens issued on their consent, that are still valid. */
    @Override
    public List<TokenIssuer> tokenIssuers() {
        Instant now = now();
        return tx.read(em -> {
            Map<String, Long> counts = new TreeMap<>();
            for (String query : List.of("ApiToken.activeIssuers", "OAuthToken.liveByUser")) {
                em.createNamedQuery(query, Object[].class).setParameter("now", now).getResultList()
                        .forEach(r -> counts.merge((String) r[0], ((Number) r[1]).longValue(), Long::sum));
            }
            return counts.entrySet().stream().map(e -> new TokenIssuer(e.getKey(), e.getValue())).toList();
        });
    }

    /** The time of a change as the database keeps it (microseconds), so replies match later reads. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A token row just persisted, with its plain text. */
    private record Issued(ApiTokenEntity row, String token) {
    }

    private Issued issueToken(EntityManager em, ConnectionEntity connection, String actor, Instant now,
                              Instant expiresAt) {
        String publicId = freePublicId(em);
        String token = tokens.newToken(publicId);
        ApiTokenEntity row = new ApiTokenEntity(UUID.randomUUID().toString(), connection, publicId,
                TokenHasher.hash(token), actor, now, expiresAt);
        em.persist(row);
        return new Issued(row, token);
    }

    private static void requireFuture(Instant expiresAt, Instant now) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw RequestRejected.invalid("'expiresAt' must be in the future");
        }
    }

    private static HostEntity liveHost(EntityManager em, String hostId) {
        HostEntity host = hostId == null ? null : em.find(HostEntity.class, hostId);
        if (host == null || !host.isLive()) {
            throw RequestRejected.notFound("no host with id '" + hostId + "'");
        }
        return host;
    }

    private static Optional<ConnectionEntity> liveConnection(EntityManager em, String id) {
        return Optional.ofNullable(id == null ? null : em.find(ConnectionEntity.class, id))
                .filter(c -> c.isLive() && c.host().isLive());
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

    /** The connection's tokens, newest first. */
    private static List<ApiTokenEntity> tokensOf(EntityManager em, String connectionId) {
        return em.createNamedQuery("ApiToken.ofConnection", ApiTokenEntity.class)
                .setParameter("connectionId", connectionId).getResultList();
    }

    /** A connection as a record: an interactive client's from its consent grant, a token host's from its tokens. */
    private static Connection record(EntityManager em, ConnectionEntity c, Instant now) {
        if (c.host().kind() == HostKind.INTERACTIVE) {
            List<OAuthGrantEntity> grants = em.createNamedQuery("OAuthGrant.ofConnection", OAuthGrantEntity.class)
                    .setParameter("connectionId", c.id()).getResultList();
            if (!grants.isEmpty()) {
                return interactiveRecord(c, grants.get(0));
            }
        }
        return toRecord(c, tokensOf(em, c.id()), now);
    }

    /**
     * An interactive client's connection: it has no API token; it is good while the user's consent is, and
     * was last used when an access token issued under that consent was.
     */
    private static Connection interactiveRecord(ConnectionEntity c, OAuthGrantEntity grant) {
        ConnectionStatus status = !grant.isActive() ? ConnectionStatus.REVOKED
                : c.disabled() ? ConnectionStatus.DISABLED
                : c.host().disabled() ? ConnectionStatus.HOST_DISABLED : ConnectionStatus.ACTIVE;
        return new Connection(c.id(), c.host().id(), c.gateway().slug(), c.createdBy(), c.createdAt(), null, null,
                grant.lastUsedAt(), c.disabled(), status, null);
    }

    /** The one place a token host's connection becomes a record: the newest token is the current one. */
    static Connection toRecord(ConnectionEntity c, List<ApiTokenEntity> tokensNewestFirst, Instant now) {
        ApiTokenEntity current = tokensNewestFirst.isEmpty() ? null : tokensNewestFirst.get(0);
        Instant lastUsed = tokensNewestFirst.stream().map(ApiTokenEntity::lastUsedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        Instant previousValidUntil = tokensNewestFirst.stream().skip(1).filter(t -> t.isValidAt(now))
                .map(ApiTokenEntity::revokedAt).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        return new Connection(c.id(), c.host().id(), c.gateway().slug(), c.createdBy(), c.createdAt(),
                current == null ? null : ApiTokenFormat.displayPrefix(current.publicId()),
                current == null ? null : current.expiresAt(),
                lastUsed, c.disabled(), status(c, current, now), previousValidUntil);
    }

    /** The first refusal the authenticator would give the current token, in its order of checks. */
    private static ConnectionStatus status(ConnectionEntity c, ApiTokenEntity current, Instant now) {
        if (current == null || current.revokedAt() != null && !current.revokedAt().isAfter(now)) {
            return ConnectionStatus.REVOKED;
        }
        if (current.expiresAt() != null && !current.expiresAt().isAfter(now)) {
            return ConnectionStatus.EXPIRED;
        }
        if (c.disabled()) {
            return ConnectionStatus.DISABLED;
        }
        return c.host().disabled() ? ConnectionStatus.HOST_DISABLED : ConnectionStatus.ACTIVE;
    }
}
