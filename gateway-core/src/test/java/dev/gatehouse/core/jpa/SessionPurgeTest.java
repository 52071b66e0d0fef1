package dev.gatehouse.core.jpa;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.session.McpSessionStore;
import dev.gatehouse.core.session.McpSessionStore.Issued;
import dev.gatehouse.core.session.UpstreamLink;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention of MCP session rows over real H2: ended and idle sessions go, with their upstream rows; live ones stay. */
class SessionPurgeTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private EntityManagerFactory emf;
    private Transactions tx;
    private final SecretBox secrets = SecretBox.fromBase64(SecretBox.newEncodedKey());

    @BeforeEach
    void start() {
        emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        tx = new ResourceLocalTransactions(emf);
    }

    @AfterEach
    void stop() {
        emf.close();
    }

    private JpaMcpSessionStore storeAt(Instant now) {
        return new JpaMcpSessionStore(tx, secrets, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Issued opened(McpSessionStore.Opening opening) {
        return ((McpSessionStore.Opening.Opened) opening).issued();
    }

    @Test
    void purgeWhenEndedBeforeRetentionOrIdleThenDeletedWithUpstreamRowsElseKept() {
        Issued ended = opened(storeAt(T0).open("c1", "gw", "2025-11-25", "{}"));
        storeAt(T0).link(ended.id(), "server-a", null, new UpstreamLink("upstream-1", "2025-11-25"));
        storeAt(T0.plusSeconds(60)).end(ended.id());
        Issued idle = opened(storeAt(T0).open("c1", "gw", "2025-11-25", "{}"));
        storeAt(T0).link(idle.id(), "server-a", null, new UpstreamLink("upstream-2", "2025-11-25"));
        Issued recentlyEnded = opened(storeAt(T0.plus(Duration.ofHours(2))).open("c1", "gw", "2025-11-25", "{}"));
        storeAt(T0.plus(Duration.ofHours(2))).end(recentlyEnded.id());
        Issued live = opened(storeAt(T0.plus(Duration.ofHours(2))).open("c1", "gw", "2025-11-25", "{}"));

        Instant now = T0.plus(Duration.ofHours(2)).plusSeconds(120);
        int purged = storeAt(now).purge(now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(1)));

        assertEquals(2, purged);
        JpaMcpSessionStore store = storeAt(now);
        assertTrue(store.find(ended.id()).isEmpty());
        assertTrue(store.find(idle.id()).isEmpty());
        assertTrue(store.find(recentlyEnded.id()).orElseThrow().ended(), "ended within the retention: kept");
        assertTrue(store.find(live.id()).isPresent());
        long upstreamRows = tx.read(em -> em.createQuery("select count(u) from McpUpstreamSessionEntity u", Long.class)
                .getSingleResult());
        assertEquals(0, upstreamRows, "upstream rows of purged sessions go with them");
    }
}
