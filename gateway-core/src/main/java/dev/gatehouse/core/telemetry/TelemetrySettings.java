package dev.gatehouse.core.telemetry;

import dev.gatehouse.core.runtime.SettingsSource;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How this node reports on itself, parsed once at start (docs/operations.md). Everything is off by default:
 * metrics are always counted in memory (cheaply), but read out only where the admin says.
 *
 * @param metricsEndpoint serve {@code /gatehouse/metrics} on the public connector ({@code metrics-enabled})
 * @param scrapeToken     the bearer token a scraper must send there ({@code metrics-token}); required when the
 *                        endpoint is on, at least {@value #MIN_TOKEN_LENGTH} characters
 * @param toolLabels      calls carry the tool's name as a label ({@code metrics-tool-labels}); off by default,
 *                        since every tool of every server would be a series of its own
 * @param maxToolLabels   distinct tool names labelled per node before the rest count as {@value Labels#OTHER}
 *                        ({@code metrics-max-tools})
 * @param tracing         spans and W3C {@code traceparent} propagation ({@code tracing-enabled}, or any OTLP
 *                        trace export configured)
 */
public record TelemetrySettings(boolean metricsEndpoint, String scrapeToken, boolean toolLabels, int maxToolLabels,
                                boolean tracing) {
    public static final int MIN_TOKEN_LENGTH = 16;
    public static final int DEFAULT_MAX_TOOL_LABELS = 100;
    public static final TelemetrySettings OFF = new TelemetrySettings(false, null, false, DEFAULT_MAX_TOOL_LABELS, false);

    public TelemetrySettings {
        if (metricsEndpoint && (scrapeToken == null || scrapeToken.length() < MIN_TOKEN_LENGTH)) {
            throw new IllegalArgumentException("gatehouse metrics-enabled needs metrics-token, a secret of at least "
                    + MIN_TOKEN_LENGTH + " characters that the scraper sends as 'Authorization: Bearer <token>'");
        }
        if (maxToolLabels < 1 || maxToolLabels > 10_000) {
            throw new IllegalArgumentException("gatehouse metrics-max-tools must be from 1 to 10000: " + maxToolLabels);
        }
    }

    /** The settings {@code metrics-enabled}, {@code metrics-token}, {@code metrics-tool-labels}, {@code metrics-max-tools}, {@code tracing-enabled}. */
    public static TelemetrySettings from(SettingsSource source) {
        boolean tracing = flag(source, "tracing-enabled")
                || source.get("otlp-endpoint").isPresent()
                || otelTracesExporter().map(e -> !e.equals("none")).orElse(false);
        return new TelemetrySettings(flag(source, "metrics-enabled"), source.get("metrics-token").map(String::strip).orElse(null),
                flag(source, "metrics-tool-labels"), count(source, "metrics-max-tools", DEFAULT_MAX_TOOL_LABELS), tracing);
    }

    /** The scrape token's bytes, for a constant-time comparison. */
    public byte[] scrapeTokenBytes() {
        return scrapeToken == null ? new byte[0] : scrapeToken.getBytes(StandardCharsets.UTF_8);
    }

    private static java.util.Optional<String> otelTracesExporter() {
        String v = System.getProperty("otel.traces.exporter", System.getenv("OTEL_TRACES_EXPORTER"));
        return v == null || v.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v.strip().toLowerCase(Locale.ROOT));
    }

    static boolean flag(SettingsSource source, String name) {
        return source.get(name).map(v -> {
            String s = v.strip().toLowerCase(Locale.ROOT);
            if (!s.equals("true") && !s.equals("false")) {
                throw new IllegalArgumentException("gatehouse " + name + " must be true or false, not '" + v + "'");
            }
            return s.equals("true");
        }).orElse(false);
    }

    private static int count(SettingsSource source, String name, int fallback) {
        return source.get(name).map(v -> {
            try {
                return Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("gatehouse " + name + " is not a whole number: " + v);
            }
        }).orElse(fallback);
    }

    @Override
    public String toString() {
        return "TelemetrySettings[metricsEndpoint=" + metricsEndpoint + ", toolLabels=" + toolLabels
                + ", maxToolLabels=" + maxToolLabels + ", tracing=" + tracing + "]";
    }
}
