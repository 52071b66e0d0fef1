package dev.gatehouse.core.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This node's OpenTelemetry SDK: metrics always counted (read out at {@code /gatehouse/metrics} when the
 * admin enables it, pushed over OTLP when configured), traces when enabled. Configured by the standard
 * {@code OTEL_*} environment variables and {@code otel.*} system properties (endpoint, headers, protocol,
 * service name, resource attributes, sampler, export interval), and by Gatehouse's own {@code otlp-endpoint}
 * setting, which turns on OTLP export of metrics and traces to that collector. Nothing is exported unless
 * configured: OTLP exporters default to {@code none} here, unlike the SDK's own default. The SDK is this
 * node's own, never registered as the process-wide {@code GlobalOpenTelemetry} (an application server may
 * hold one of its own).
 */
public final class Telemetry implements AutoCloseable {
    private static final AttributeKey<String> SERVICE_INSTANCE = AttributeKey.stringKey("service.instance.id");

    private final TelemetrySettings settings;
    private final OpenTelemetrySdk sdk;
    private final GatehouseMetrics metrics;
    private final CallMetrics calls;
    private final CallTracing tracing;

    private Telemetry(TelemetrySettings settings, OpenTelemetrySdk sdk, PrometheusMetricReader prometheus) {
        this.settings = settings;
        this.sdk = sdk;
        this.metrics = new GatehouseMetrics(sdk.getMeterProvider().get("dev.gatehouse"), prometheus);
        this.calls = new CallMetrics(metrics, new ToolLabels(settings.toolLabels(), settings.maxToolLabels()));
        this.tracing = settings.tracing() ? new CallTracing(sdk.getTracer("dev.gatehouse")) : CallTracing.OFF;
    }

    /**
     * Starts the SDK.
     *
     * @param otlpEndpoint Gatehouse's {@code otlp-endpoint} setting, or null
     * @param nodeId       this node's name, the resource's {@code service.instance.id} unless OTEL_* set one
     */
    public static Telemetry start(TelemetrySettings settings, String otlpEndpoint, String nodeId) {
        PrometheusMetricReader prometheus = PrometheusMetricReader.builder().setOtelScopeLabelsEnabled(false)
                .setTargetInfoMetricEnabled(false).build(); // target_info has no HELP: promtool refuses it
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", "gatehouse");
        defaults.put("otel.traces.exporter", otlpEndpoint == null ? "none" : "otlp");
        defaults.put("otel.metrics.exporter", otlpEndpoint == null ? "none" : "otlp");
        defaults.put("otel.logs.exporter", "none");
        // OTLP over HTTP through the JDK's own client (opentelemetry-exporter-sender-jdk); gRPC needs a sender not shipped
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        if (otlpEndpoint != null) {
            defaults.put("otel.exporter.otlp.endpoint", otlpEndpoint);
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                .addResourceCustomizer((resource, config) -> resource.getAttribute(SERVICE_INSTANCE) != null ? resource
                        : resource.merge(Resource.create(Attributes.of(SERVICE_INSTANCE, nodeId))))
                .addMeterProviderCustomizer((builder, config) -> builder.registerMetricReader(prometheus))
                .setServiceClassLoader(Telemetry.class.getClassLoader())
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return new Telemetry(settings, sdk, prometheus);
    }

    public TelemetrySettings settings() {
        return settings;
    }

    /** The metrics API for every part of Gatehouse. */
    public GatehouseMetrics metrics() {
        return metrics;
    }

    /** The instruments of MCP calls and their refusals. */
    public CallMetrics calls() {
        return calls;
    }

    /** The spans of MCP requests ({@link CallTracing#OFF} unless tracing is enabled). */
    public CallTracing tracing() {
        return tracing;
    }

    OpenTelemetrySdk sdk() {
        return sdk;
    }

    /** Pushes what is pending to the OTLP collector (if any) and stops, within a few seconds. */
    @Override
    public void close() {
        sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
}
