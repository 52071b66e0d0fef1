package dev.gatehouse.core.jpa;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.core.store.Publication;

import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes' catalogs on one database: each keeps gateway records in memory, and a change made through one
 * is what the other serves on its very next read (the catalog version row), never a stale gateway.
 */
class GatewayCatalogNodesTest {
    private EntityManagerFactory emf;
    private JpaGatewayCatalog nodeA;
    private JpaGatewayCatalog nodeB;

    @BeforeEach
    void open() {
        emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        SecretBox secrets = SecretBox.fromBase64(SecretBox.newEncodedKey());
        nodeA = new JpaGatewayCatalog(new ResourceLocalTransactions(emf), secrets, Clock.systemUTC());
        nodeB = new JpaGatewayCatalog(new ResourceLocalTransactions(emf), secrets, Clock.systemUTC());
        nodeA.createServer(new NewServer("Demo", "demo", "http://localhost:9/mcp", null, null, null, null), "admin");
        nodeA.createServer(new NewServer("Search", "search", "http://localhost:10/mcp", null, null, null, null), "admin");
        nodeA.createGateway(new NewGateway("Team", "team", null, List.of(new NewGateway.Assignment("demo", null))), "admin");
    }

    @AfterEach
    void close() {
        emf.close();
    }

    private static List<String> servers(Gateway g) {
        return g.servers().stream().map(s -> s.server().slug()).sorted().toList();
    }

    @Test
    void aServerPublishedThroughOneNodeIsServedByTheOtherOnItsNextRead() {
        assertEquals(List.of("demo"), servers(nodeB.gateway("team").orElseThrow()));
        assertEquals(List.of("demo"), servers(nodeB.gateway("team").orElseThrow()), "answered from memory, unchanged");

        nodeA.publish("team", new Publication("search", null, null, null, null));

        assertEquals(List.of("demo", "search"), servers(nodeB.gateway("team").orElseThrow()));
    }

    @Test
    void aServerWithdrawnThroughOneNodeIsGoneFromTheOthersNextRead() {
        nodeA.publish("team", new Publication("search", null, null, null, null));
        assertEquals(List.of("demo", "search"), servers(nodeB.gateway("team").orElseThrow()));

        nodeA.withdraw("team", "search");

        assertEquals(List.of("demo"), servers(nodeB.gateway("team").orElseThrow()));
    }

    @Test
    void aRelocatedServerIsReachedAtItsNewAddressThroughEveryNode() {
        assertEquals(URI.create("http://localhost:9/mcp"), nodeB.gateway("team").orElseThrow().servers().get(0).server().url());

        nodeA.relocateServer("demo", URI.create("http://localhost:11/mcp"));

        assertEquals(URI.create("http://localhost:11/mcp"), nodeB.gateway("team").orElseThrow().servers().get(0).server().url());
    }

    @Test
    void anUnknownGatewayIsNotRemembered() {
        assertTrue(nodeB.gateway("later").isEmpty());

        nodeA.createGateway(new NewGateway("Later", "later", null, List.of()), "admin");

        assertTrue(nodeB.gateway("later").isPresent());
    }
}
