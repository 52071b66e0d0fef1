package dev.gatehouse.core.governance;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import jakarta.persistence.EntityManagerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two Gatehouse nodes, each with its own persistence unit (connection pool, no shared cache), on one
 * H2 database: what they share, they share only through the database, as cluster nodes do.
 */
public final class TwoNodes implements AutoCloseable {
    public final Gatehouse a;
    public final Gatehouse b;
    public final ResourceLocalTransactions txA;
    public final ResourceLocalTransactions txB;

    public TwoNodes() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        EntityManagerFactory emfA = GatehousePersistence.open(url, "sa", "");
        EntityManagerFactory emfB = GatehousePersistence.open(url, "sa", "");
        txA = new ResourceLocalTransactions(emfA);
        txB = new ResourceLocalTransactions(emfB);
        String sealing = SecretBox.newEncodedKey();
        a = Gatehouse.start(settings("node-a", sealing), txA, Clock.systemUTC(), emfA::close);
        b = Gatehouse.start(settings("node-b", sealing), txB, Clock.systemUTC(), emfB::close);
    }

    private static GatehouseSettings settings(String node, String sealing) {
        return new GatehouseSettings(node, new byte[32], sealing, Duration.ofSeconds(5),
                GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of());
    }

    @Override
    public void close() {
        b.close();
        a.close();
    }

    /** A clock tests move by hand. */
    public static final class ManualClock extends Clock {
        private final AtomicLong millis;

        public ManualClock(Instant start) {
            this.millis = new AtomicLong(start.toEpochMilli());
        }

        public void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public long millis() { return millis.get(); }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
    }
}
