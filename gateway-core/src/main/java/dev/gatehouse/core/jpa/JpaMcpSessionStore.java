package dev.gatehouse.core.jpa;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.session.McpSession;
import dev.gatehouse.core.session.McpSessionStore;
import dev.gatehouse.core.session.SessionLimit;
import dev.gatehouse.core.session.UpstreamLink;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MCP sessions in JPA. Ids are 256 random bits (base64url, visible ASCII as the transport requires);
 * rows are keyed by their SHA-256. Every look-up reads the database, so an end on one node is seen by
 * the very next request on any other. The last-seen time is written at most once a minute per session.
 * Each connection holds at most its {@link SessionLimit} of live sessions, counted here, in the database.
 */
public final class JpaMcpSessionStore implements McpSessionStore {
    private static final Duration SEEN_GRANULARITY = Duration.ofMinutes(1);

    private final Transactions tx;
    private final SecretBox secrets;
    private final Clock clock;
    private final SessionLimit limit;
    private final SecureRandom random = new SecureRandom();

    public JpaMcpSessionStore(Transactions tx, SecretBox secrets, Clock clock) {
        this(tx, secrets, clock, SessionLimit.of(SessionLimit.DEFAULT_MAX_PER_CONNECTION));
    }

    public JpaMcpSessionStore(Transactions tx, SecretBox secrets, Clock clock, SessionLimit limit) {
        this.tx = tx;
        this.secrets = secrets;
        this.clock = clock;
        this.limit = limit;
    }

    @Override
    public Opening open(String connectionId, String gatewaySlug, String protocolVersion, String clientCapabilities) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return tx.inTransaction(em -> {
            // one connection's openings in turn, on every node: the count below cannot be raced past the cap
            em.find(ConnectionEntity.class, connectionId, LockModeType.PESSIMISTIC_WRITE);
            Instant now = clock.instant();
            long live = em.createNamedQuery("McpSession.liveCount", Long.class)
                    .setParameter("connection", connectionId).getSingleResult();
            int excess = (int) Math.max(0, live - limit.maxPerConnection() + 1);
            List<McpSession> evicted = new ArrayList<>();
            if (excess > 0) {
                List<McpSessionEntity> oldest = em.createNamedQuery("McpSession.leastRecentlyUsed", McpSessionEntity.class)
                        .setParameter("connection", connectionId).setMaxResults(excess).getResultList();
                Instant lastNeeded = oldest.get(oldest.size() - 1).lastSeenAt();
                Instant idleAt = lastNeeded.plus(limit.idleAfter());
                if (idleAt.isAfter(now)) { // the sessions are ordered by last use: if this one is in use, so are the rest
                    long seconds = Math.max(1, Duration.between(now, idleAt).toSeconds());
                    return new Opening.Full(limit.maxPerConnection(), Duration.ofSeconds(seconds));
                }
                for (McpSessionEntity e : oldest) {
                    evicted.add(toRecord(e, links(em, e.idHash())));
                    e.end(now);
                }
            }
            McpSessionEntity e = new McpSessionEntity(hash(id), connectionId, gatewaySlug, protocolVersion,
                    clientCapabilities, now);
            em.persist(e);
            return new Opening.Opened(new Issued(id, toRecord(e, Map.of())), evicted);
        });
    }

    @Override
    public Optional<McpSession> find(String sessionId) {
        String hash = hash(sessionId);
        Optional<McpSession> found = tx.read(em -> Optional.ofNullable(em.find(McpSessionEntity.class, hash))
                .map(e -> toRecord(e, links(em, hash))));
        found.filter(s -> !s.ended() && s.lastSeenAt().plus(SEEN_GRANULARITY).isBefore(clock.instant()))
                .ifPresent(s -> touch(hash));
        return found;
    }

    @Override
    public UpstreamLink link(String sessionId, String serverId, UpstreamLink replacing, UpstreamLink link) {
        String hash = hash(sessionId);
        String sealed = link.sessionId() == null ? null : secrets.seal(link.sessionId());
        try {
            return tx.inTransaction(em -> {
                McpUpstreamSessionEntity row = em.find(McpUpstreamSessionEntity.class,
                        McpUpstreamSessionEntity.idOf(hash, serverId), LockModeType.PESSIMISTIC_WRITE);
                if (row == null) {
                    row = new McpUpstreamSessionEntity(hash, serverId);
                    row.relink(sealed, link.protocolVersion());
                    em.persist(row);
                    return link;
                }
                UpstreamLink current = linkOf(row);
                if (!current.equals(replacing)) {
                    return current; // recorded first by another request, or already replaced by one
                }
                row.relink(sealed, link.protocolVersion());
                return link;
            });
        } catch (RuntimeException e) {
            // two nodes inserted the first row at once and this one lost (primary key): the winner's stands
            return linked(sessionId, serverId).orElseThrow(() -> e);
        }
    }

    @Override
    public Optional<UpstreamLink> linked(String sessionId, String serverId) {
        String id = McpUpstreamSessionEntity.idOf(hash(sessionId), serverId);
        return tx.read(em -> Optional.ofNullable(em.find(McpUpstreamSessionEntity.class, id)).map(this::linkOf));
    }

    @Override
    public Optional<McpSession> end(String sessionId) {
        String hash = hash(sessionId);
        return tx.inTransaction(em -> {
            McpSessionEntity e = em.find(McpSessionEntity.class, hash);
            if (e == null || e.endedAt() != null) {
                return Optional.empty();
            }
            McpSession live = toRecord(e, links(em, hash));
            e.end(clock.instant());
            return Optional.of(live);
        });
    }

    /** Live sessions with their connection's and host's switches. */
    private static final String LIVE = "SELECT s.id_hash, s.connection_id, c.disabled, c.deleted_at, h.disabled, h.deleted_at"
            + " FROM gh_mcp_session s JOIN gh_connection c ON c.id = s.connection_id JOIN gh_host h ON h.id = c.host_id"
            + " WHERE s.ended_at IS NULL";
    /** Connections with their own and their host's switches, for the connections named. */
    private static final String CONNECTIONS = "SELECT c.id, c.disabled, c.deleted_at, h.disabled, h.deleted_at"
            + " FROM gh_connection c JOIN gh_host h ON h.id = c.host_id WHERE c.id IN (%s)";
    /** The API tokens of connections: still valid ones keep the connection's sessions. */
    private static final String API_TOKENS = "SELECT t.connection_id, t.revoked_at, t.expires_at, NULL FROM gh_api_token t"
            + " WHERE t.connection_id IN (%s)";
    /** The OAuth tokens (access and refresh) of connections, with their grant's revocation. */
    private static final String OAUTH_TOKENS = "SELECT gr.connection_id, t.revoked_at, t.expires_at, gr.revoked_at"
            + " FROM gh_oauth_token t JOIN gh_oauth_grant gr ON gr.id = t.grant_id WHERE gr.connection_id IN (%s)";
    private static final InstantConverter INSTANTS = new InstantConverter();

    @Override
    public List<McpSession> endRevoked() {
        Instant now = clock.instant();
        List<String> dead = new ArrayList<>();
        Map<String, List<String>> undecided = new LinkedHashMap<>(); // connection id -> its live session handles
        for (Object r : tx.read(em -> em.createNativeQuery(LIVE).getResultList())) {
            Object[] row = (Object[]) r;
            boolean off = flag(row[2]) || row[3] != null || flag(row[4]) || row[5] != null;
            if (off) {
                dead.add((String) row[0]);
            } else {
                undecided.computeIfAbsent((String) row[1], k -> new ArrayList<>()).add((String) row[0]);
            }
        }
        Set<String> usable = new HashSet<>();
        List<String> connections = List.copyOf(undecided.keySet());
        for (int i = 0; i < connections.size(); i += 200) {
            List<String> chunk = connections.subList(i, Math.min(connections.size(), i + 200));
            for (String sql : List.of(API_TOKENS, OAUTH_TOKENS)) {
                usable.addAll(usableConnections(sql, chunk, now));
            }
        }
        undecided.forEach((connection, handles) -> {
            if (!usable.contains(connection)) {
                dead.addAll(handles);
            }
        });
        List<McpSession> ended = new ArrayList<>();
        for (String hash : dead) {
            endOnce(hash, now).ifPresent(ended::add);
        }
        return ended;
    }

    @Override
    public Set<String> unusable(java.util.Collection<String> connectionIds) {
        Instant now = clock.instant();
        List<String> ids = List.copyOf(new LinkedHashSet<>(connectionIds));
        Set<String> unusable = new HashSet<>(ids); // a connection no longer stored is gone
        for (int i = 0; i < ids.size(); i += 200) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 200));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            List<?> rows = tx.read(em -> {
                var q = em.createNativeQuery(CONNECTIONS.formatted(marks));
                for (int p = 0; p < chunk.size(); p++) {
                    q.setParameter(p + 1, chunk.get(p));
                }
                return q.getResultList();
            });
            List<String> on = new ArrayList<>();
            for (Object r : rows) {
                Object[] row = (Object[]) r;
                if (!(flag(row[1]) || row[2] != null || flag(row[3]) || row[4] != null)) {
                    on.add((String) row[0]);
                }
            }
            if (!on.isEmpty()) {
                for (String sql : List.of(API_TOKENS, OAUTH_TOKENS)) {
                    unusable.removeAll(usableConnections(sql, on, now));
                }
            }
        }
        return unusable;
    }

    /** The connections among {@code ids} that still have a token valid now. */
    private Set<String> usableConnections(String sql, List<String> ids, Instant now) {
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        List<?> rows = tx.read(em -> {
            var q = em.createNativeQuery(sql.formatted(marks));
            for (int i = 0; i < ids.size(); i++) {
                q.setParameter(i + 1, ids.get(i));
            }
            return q.getResultList();
        });
        Set<String> usable = new HashSet<>();
        for (Object r : rows) {
            Object[] row = (Object[]) r;
            Instant revoked = ConnectionCredential.instant(row[1]);
            Instant expires = ConnectionCredential.instant(row[2]);
            if ((revoked == null || revoked.isAfter(now)) && (expires == null || expires.isAfter(now)) && row[3] == null) {
                usable.add((String) row[0]);
            }
        }
        return usable;
    }

    /** Ends a live session, once across every node (the conditional update); its state as it was, to close upstream. */
    private Optional<McpSession> endOnce(String hash, Instant now) {
        return tx.inTransaction(em -> {
            int won = em.createNativeQuery("UPDATE gh_mcp_session SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL")
                    .setParameter(1, INSTANTS.convertToDatabaseColumn(now)).setParameter(2, hash).executeUpdate();
            if (won != 1) {
                return Optional.empty();
            }
            McpSessionEntity e = em.find(McpSessionEntity.class, hash);
            return e == null ? Optional.empty() : Optional.of(toRecord(e, links(em, hash)));
        });
    }

    private static boolean flag(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }

    @Override
    public int purge(Instant endedBefore, Instant idleBefore) {
        return tx.inTransaction(em -> {
            em.createNamedQuery("McpUpstreamSession.purge").setParameter("ended", endedBefore)
                    .setParameter("idle", idleBefore).executeUpdate();
            return em.createNamedQuery("McpSession.purge").setParameter("ended", endedBefore)
                    .setParameter("idle", idleBefore).executeUpdate();
        });
    }

    private void touch(String hash) {
        try {
            tx.inTransaction(em -> {
                McpSessionEntity e = em.find(McpSessionEntity.class, hash);
                if (e != null) {
                    e.seen(clock.instant());
                }
                return null;
            });
        } catch (RuntimeException ignored) {
            // last-seen is informational: a failed write must not fail the request it rides on
        }
    }

    private Map<String, UpstreamLink> links(EntityManager em, String hash) {
        Map<String, UpstreamLink> links = new LinkedHashMap<>();
        for (McpUpstreamSessionEntity u : em.createNamedQuery("McpUpstreamSession.ofSession", McpUpstreamSessionEntity.class)
                .setParameter("hash", hash).getResultList()) {
            links.put(u.serverId(), linkOf(u));
        }
        return links;
    }

    private UpstreamLink linkOf(McpUpstreamSessionEntity row) {
        String id = row.upstreamSessionSealed() == null ? null : secrets.open(row.upstreamSessionSealed());
        return new UpstreamLink(id, row.protocolVersion());
    }

    private static McpSession toRecord(McpSessionEntity e, Map<String, UpstreamLink> links) {
        return new McpSession(e.idHash(), e.connectionId(), e.gatewaySlug(), e.protocolVersion(),
                e.clientCapabilities(), e.createdAt(), e.lastSeenAt(), e.endedAt(), links);
    }

    /** The stored key of a session id. */
    public static String hash(String sessionId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
