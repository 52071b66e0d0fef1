package dev.gatehouse.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /gatehouse/health/live} and {@code /gatehouse/health/ready} in the MicroProfile Health shape, each
 * check named, 503 when DOWN; a check registered by another part of Gatehouse shows up; {@code /health} keeps
 * its old answer; and with the database gone, readiness says so while liveness and the metrics still answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthProbesTest {
    private GatewayHarness gw;

    @BeforeAll
    void start() throws Exception {
        gw = GatewayHarness.withSettings(Map.of("metrics-enabled", "true", "metrics-token", MetricsEndpointTest.TOKEN));
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private RawHttp.Reply get(String path) throws Exception {
        return RawHttp.exchange(gw.baseUrl, "GET", path, null);
    }

    @Test
    @Order(1)
    void probesWhenEverythingUpThen200WithEachCheckNamed() throws Exception {
        RawHttp.Reply ready = get("/gatehouse/health/ready");
        assertEquals(200, ready.status());
        assertEquals("application/json", ready.header("Content-Type"));
        assertEquals("{\"status\":\"UP\",\"checks\":[{\"name\":\"database\",\"status\":\"UP\"}]}", ready.body());
        RawHttp.Reply live = get("/gatehouse/health/live");
        assertEquals(200, live.status());
        assertEquals("{\"status\":\"UP\",\"checks\":[]}", live.body());
        assertEquals(404, get("/gatehouse/health/other").status());
    }

    @Test
    @Order(2)
    void readyWhenARegisteredCheckIsDownThen503NamingIt() throws Exception {
        AtomicBoolean journalUp = new AtomicBoolean(false);
        try (AutoCloseable journal = gw.gatehouse.health().readiness("audit-journal", journalUp::get)) {
            RawHttp.Reply ready = get("/gatehouse/health/ready");
            assertEquals(503, ready.status());
            assertEquals("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"audit-journal\",\"status\":\"DOWN\"},"
                    + "{\"name\":\"database\",\"status\":\"UP\"}]}", ready.body());
            journalUp.set(true);
            assertEquals(200, get("/gatehouse/health/ready").status());
        }
        assertEquals("{\"status\":\"UP\",\"checks\":[{\"name\":\"database\",\"status\":\"UP\"}]}",
                get("/gatehouse/health/ready").body());
    }

    @Test
    @Order(3)
    void readyWhenDatabaseDownThen503WhileLivenessAndMetricsStillAnswer() throws Exception {
        gw.stopDatabase();
        RawHttp.Reply ready = get("/gatehouse/health/ready");
        assertEquals(503, ready.status());
        assertEquals("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"database\",\"status\":\"DOWN\"}]}", ready.body());
        assertEquals(200, get("/gatehouse/health/live").status());
        // the legacy body, with the audit journal's lag after it (docs/audit.md)
        assertTrue(get("/gatehouse/health").body().startsWith("{\"status\":\"DOWN\",\"database\":\"DOWN\",\"audit\":{"));

        RawHttp.Reply metrics = RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/metrics", null,
                "Authorization: Bearer " + MetricsEndpointTest.TOKEN);
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("gatehouse_streams_open 0"), metrics.body());
        assertTrue(!metrics.body().contains("gatehouse_sessions_open "), "the database's gauges are left out: " + metrics.body());
    }
}
