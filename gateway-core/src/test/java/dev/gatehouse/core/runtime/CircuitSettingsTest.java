package dev.gatehouse.core.runtime;

import dev.gatehouse.core.resilience.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The upstream circuit breaker's settings, read once at start like every other setting. */
class CircuitSettingsTest {
    private static SettingsSource env(Map<String, String> environment) {
        return new SettingsSource(k -> null, environment);
    }

    @Test
    void circuitSettingsWhenNoneGivenThenFiveFailuresAndThirtySeconds() {
        assertEquals(CircuitBreaker.Settings.defaults(), Gatehouse.circuitSettings(env(Map.of())));
        assertEquals(new CircuitBreaker.Settings(5, Duration.ofSeconds(30)), CircuitBreaker.Settings.defaults());
    }

    @Test
    void circuitSettingsWhenGivenThenUsed() {
        assertEquals(new CircuitBreaker.Settings(3, Duration.ofSeconds(120)), Gatehouse.circuitSettings(
                env(Map.of("GATEHOUSE_CIRCUIT_FAILURES", "3", "GATEHOUSE_CIRCUIT_OPEN_SECONDS", "120"))));
        assertEquals(new CircuitBreaker.Settings(8, Duration.ofSeconds(30)), Gatehouse.circuitSettings(
                new SettingsSource(k -> k.equals("gatehouse.circuit-failures") ? "8" : null, Map.of())));
    }

    @Test
    void circuitSettingsWhenBadThenTheStartFailsWithAClearMessage() {
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> Gatehouse.circuitSettings(env(Map.of("GATEHOUSE_CIRCUIT_FAILURES", "five"))));
        assertTrue(notANumber.getMessage().contains("circuit-failures"), notANumber.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gatehouse.circuitSettings(env(Map.of("GATEHOUSE_CIRCUIT_OPEN_SECONDS", "0"))));
    }
}
