package dev.gatehouse.core.jpa;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.session.McpSession;
import dev.gatehouse.core.session.McpSessionStore;
import dev.gatehouse.core.session.UpstreamLink;
import jakarta.persistence.EntityManager;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * MCP sessions in JPA. Ids are 256 random bits (base64url, visible ASCII as the transport requires);
 * rows are keyed by their SHA-256. Every look-up reads the database, so an end on one node is seen by
 * the very next request on any other. The last-seen time is written at most once a minute per session.
 */
public final class JpaMcpSessionStore implements McpSessionStore {
    private static final Duration SEEN_GRANULARITY = Duration.ofMinutes(1);

    private final Transactions tx;
    private final SecretBox secrets;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public JpaMcpSessionStore(Transactions tx, SecretBox secrets, Clock clock) {
        this.tx = tx;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public Issued open(String connectionId, String gatewaySlug, String protocolVersion, String clientCapabilities) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        McpSessionEntity e = new McpSessionEntity(hash(id), connectionId, gatewaySlug, protocolVersion,
                clientCapabilities, clock.instant());
        tx.inTransaction(em -> {
            em.persist(e);
            return null;
        });
        return new Issued(id, toRecord(e, Map.of()));
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
    public void link(String sessionId, String serverId, UpstreamLink link) {
        String hash = hash(sessionId);
        String sealed = link.sessionId() == null ? null : secrets.seal(link.sessionId());
        tx.inTransaction(em -> {
            McpUpstreamSessionEntity row = em.find(McpUpstreamSessionEntity.class, McpUpstreamSessionEntity.idOf(hash, serverId));
            if (row == null) {
                row = new McpUpstreamSessionEntity(hash, serverId);
                row.relink(sealed, link.protocolVersion());
                em.persist(row);
            } else {
                row.relink(sealed, link.protocolVersion());
            }
            return null;
        });
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
            String id = u.upstreamSessionSealed() == null ? null : secrets.open(u.upstreamSessionSealed());
            links.put(u.serverId(), new UpstreamLink(id, u.protocolVersion()));
        }
        return links;
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
