package dev.gatehouse.core.telemetry;

import dev.gatehouse.core.model.Outcome;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatehouseMetricsTest {
    private Telemetry telemetry;

    @AfterEach
    void stop() {
        telemetry.close();
    }

    private static String scrape(GatehouseMetrics metrics, String accept) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(accept, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void instrumentsOfOtherPartsWhenRegisteredThenScrapedInPrometheusText() throws IOException {
        telemetry = Telemetry.start(TelemetrySettings.OFF, null, "node-test");
        GatehouseMetrics metrics = telemetry.metrics();
        metrics.counter("gatehouse.sink.records", "Records shipped", "{record}")
                .add(3, Attributes.of(GatehouseMetrics.label("sink"), "splunk"));
        metrics.gauge("gatehouse.journal.depth", "Records in the journal", "{record}", () -> 42);
        metrics.gauge("gatehouse.sink.lag", "Records behind", "{record}", "sink", () -> Map.of("splunk", 7, "elastic", 0));
        metrics.gauge("gatehouse.broken", "A gauge whose source fails", "1", () -> { throw new IllegalStateException("down"); });

        String text = scrape(metrics, "text/plain");
        assertTrue(text.contains("gatehouse_sink_records_total{sink=\"splunk\"} 3"), text);
        assertTrue(text.contains("gatehouse_journal_depth 42"), text);
        assertTrue(text.contains("gatehouse_sink_lag{sink=\"splunk\"} 7"), text);
        assertTrue(text.contains("gatehouse_sink_lag{sink=\"elastic\"} 0"), text);
        assertFalse(text.contains("gatehouse_broken "), text);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.contentType("text/plain"));
        assertTrue(metrics.contentType("application/openmetrics-text; version=1.0.0").startsWith("application/openmetrics-text"));
        assertTrue(scrape(metrics, "application/openmetrics-text; version=1.0.0").endsWith("# EOF\n"));
    }

    @Test
    void toolNamesWhenNotAllowedThenNoToolLabel() throws IOException {
        telemetry = Telemetry.start(TelemetrySettings.OFF, null, "node-test");
        telemetry.calls().call("gw", "srv", "secret_tool", Outcome.SUCCESS, 2_000, 1_500L);
        String text = scrape(telemetry.metrics(), "text/plain");
        assertTrue(text.contains("gatehouse_calls_total{gateway=\"gw\",outcome=\"success\",server=\"srv\"} 1"), text);
        assertFalse(text.contains("secret_tool"), text);
        assertTrue(text.contains("gatehouse_upstream_duration_seconds_count{gateway=\"gw\",server=\"srv\"} 1"), text);
        assertTrue(text.contains("gatehouse_gateway_duration_seconds_sum{gateway=\"gw\"} 5.0E-4"), text);
    }

    @Test
    void toolNamesWhenAllowedThenBoundedByMaxTools() throws IOException {
        telemetry = Telemetry.start(new TelemetrySettings(false, null, true, 2, false), null, "node-test");
        for (String tool : new String[] {"a", "b", "c", "d", "a"}) {
            telemetry.calls().call("gw", "srv", tool, Outcome.SUCCESS, 10, null);
        }
        String text = scrape(telemetry.metrics(), "text/plain");
        assertTrue(text.contains("tool=\"a\"} 2"), text);
        assertTrue(text.contains("tool=\"b\"} 1"), text);
        assertTrue(text.contains("tool=\"_other\"} 2"), text);
        assertFalse(text.contains("tool=\"c\""), text);
    }
}
