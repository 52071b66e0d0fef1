package dev.gatehouse.core.telemetry;

import dev.gatehouse.core.runtime.SettingsSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetrySettingsTest {
    private static TelemetrySettings of(Map<String, String> env) {
        return TelemetrySettings.from(new SettingsSource(name -> null, env));
    }

    @Test
    void fromWhenNothingSetThenEverythingOff() {
        TelemetrySettings s = of(Map.of());
        assertFalse(s.metricsEndpoint());
        assertFalse(s.toolLabels());
        assertEquals(TelemetrySettings.DEFAULT_MAX_TOOL_LABELS, s.maxToolLabels());
    }

    @Test
    void fromWhenMetricsEnabledWithoutATokenOrWithAShortOneThenTheStartFailsNamingTheSetting() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> of(Map.of("GATEHOUSE_METRICS_ENABLED", "true")));
        assertTrue(none.getMessage().contains("metrics-token"), none.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> of(Map.of("GATEHOUSE_METRICS_ENABLED", "true", "GATEHOUSE_METRICS_TOKEN", "short")));
        assertTrue(of(Map.of("GATEHOUSE_METRICS_ENABLED", "true", "GATEHOUSE_METRICS_TOKEN", "0123456789abcdef"))
                .metricsEndpoint());
    }

    @Test
    void fromWhenFlagsOrCountsMalformedThenTheStartFailsNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of("GATEHOUSE_METRICS_ENABLED", "yes")))
                .getMessage().contains("metrics-enabled"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of("GATEHOUSE_METRICS_MAX_TOOLS", "0")))
                .getMessage().contains("metrics-max-tools"));
    }

    @Test
    void toStringWhenPrintedThenNeverShowsTheToken() {
        TelemetrySettings s = of(Map.of("GATEHOUSE_METRICS_ENABLED", "true", "GATEHOUSE_METRICS_TOKEN", "0123456789abcdefSECRET"));
        assertFalse(s.toString().contains("SECRET"), s.toString());
    }
}
