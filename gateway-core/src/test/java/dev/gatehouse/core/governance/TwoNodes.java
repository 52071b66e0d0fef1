package dev.gatehouse.core.governance;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import jakarta.persistence.EntityManagerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

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

    /** Two nodes with a {@code demo} server published as the {@code quickstart} gateway, created on node a. */
    public static TwoNodes withQuickstart() {
        TwoNodes nodes = new TwoNodes();
        var demo = nodes.a.catalog().createServer(new NewServer("Demo", "demo", "http://localhost:9/mcp", null, null,
                null, null), "admin");
        nodes.a.catalog().createGateway(new NewGateway("Quickstart", "quickstart", null,
                List.of(new NewGateway.Assignment(demo.id(), null))), "admin");
        return nodes;
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
}
