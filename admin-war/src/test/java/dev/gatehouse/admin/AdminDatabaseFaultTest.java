package dev.gatehouse.admin;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import jakarta.persistence.EntityManagerFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The admin API while its database is away (docs/security-tests.md, "Database faults"): H2 over TCP,
 * stopped and restarted under the running web application. Reads and changes answer 503 problem+json
 * (not a 500 that reads like a bug), nothing is half-written, and it serves again once the database is back.
 */
class AdminDatabaseFaultTest {
    private final String name = "gh-admin-" + UUID.randomUUID();
    private final HttpClient client = HttpClient.newHttpClient();
    private int dbPort;
    private org.h2.tools.Server tcp;
    private Connection keeper;
    private Gatehouse gatehouse;
    private Server jetty;
    private String base;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            dbPort = s.getLocalPort();
        }
        startDatabase();
        keeper = DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        EntityManagerFactory emf = GatehousePersistence.open("jdbc:h2:tcp://127.0.0.1:" + dbPort + "/mem:" + name, "sa", "");
        gatehouse = Gatehouse.start(new GatehouseSettings("node-a", new byte[32], SecretBox.newEncodedKey(),
                Duration.ofSeconds(2), GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of()),
                new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
        jetty = AdminServer.jetty(gatehouse);
        jetty.start();
        base = "http://localhost:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + AdminServer.CONTEXT;
    }

    @AfterEach
    void stop() throws Exception {
        try {
            jetty.stop();
            startDatabase();
            gatehouse.close();
        } finally {
            keeper.close();
            tcp.stop();
        }
    }

    private void startDatabase() throws Exception {
        if (tcp == null || !tcp.isRunning(false)) {
            tcp = org.h2.tools.Server.createTcpServer("-tcpPort", String.valueOf(dbPort), "-ifExists").start();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.header("Authorization", AdminServer.basic("admin", "admin-pw")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private HttpResponse<String> createHost(String hostName) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/hosts")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + hostName + "\",\"kind\":\"TOKEN\"}")));
    }

    @Test
    void apiWhenDatabaseGoesAwayThen503AndServesAgainWhenItReturns() throws Exception {
        assertJson(200, get("/api/hosts"));

        tcp.stop();
        HttpResponse<String> down = get("/api/hosts");
        assertProblem(503, "the database is not available; nothing was changed, try again later", down);
        assertEquals("5", down.headers().firstValue("Retry-After").orElse(null));
        assertProblem(503, get("/api/logs"));
        assertProblem(503, createHost("written while down"));

        startDatabase();
        HttpResponse<String> back = null;
        for (int i = 0; i < 50; i++) {
            back = get("/api/hosts");
            if (back.statusCode() == 200) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(0, assertJson(200, back).size(), "nothing half-written while the database was away");
        assertJson(201, createHost("written after"));
    }
}
