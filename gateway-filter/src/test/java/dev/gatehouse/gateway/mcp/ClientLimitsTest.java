package dev.gatehouse.gateway.mcp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings bounding what waits for a client and a cut client's grace: defaults, and bad values refused by name. */
class ClientLimitsTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void ofWhenNothingSetThenTheDefaults() {
        ClientLimits limits = ClientLimits.of(name -> null, timer);

        assertEquals(1024 * 1024, limits.backlogBytes());
        assertEquals(Duration.ofSeconds(1), limits.cutGrace());
    }

    @Test
    void ofWhenSetThenTheValues() {
        ClientLimits limits = ClientLimits.of(Map.of(ClientLimits.BACKLOG_SETTING, " 65536 ", ClientLimits.GRACE_SETTING, "0")::get, timer);

        assertEquals(65536, limits.backlogBytes());
        assertEquals(Duration.ZERO, limits.cutGrace());
    }

    @Test
    void ofWhenAValueIsBadThenRefusedNamingTheSettingAndItsRange() {
        for (String grace : new String[] {"1s", "-1", "30001", "99999999999999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClientLimits.of(Map.of(ClientLimits.GRACE_SETTING, grace)::get, timer), grace);
            assertTrue(e.getMessage().startsWith("gatehouse.mcp.client-cut-grace-ms must be ") && e.getMessage().contains("30000"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientLimits.of(Map.of(ClientLimits.BACKLOG_SETTING, "1023")::get, timer));
        assertTrue(e.getMessage().startsWith("gatehouse.mcp.client-backlog-bytes must be ") && e.getMessage().contains("1024"),
                e.getMessage());
    }
}
