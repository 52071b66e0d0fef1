package dev.gatehouse.core.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one place where Gatehouse's metrics are made, and the small API through which any part of Gatehouse
 * adds its own instruments (docs/operations.md lists them all). Instruments are OpenTelemetry's: create
 * each <em>once</em> (at start, never per call) and pre-build the {@link Attributes} you record with, so a
 * call costs an add to a striped counter and nothing else.
 * <pre>{@code
 * GatehouseMetrics metrics = gatehouse.metrics();
 * LongCounter shipped = metrics.counter("gatehouse.sink.records", "Audit records shipped to a sink", "{record}");
 * Attributes splunk = Attributes.of(GatehouseMetrics.label("sink"), "splunk");   // once
 * shipped.add(batch.size(), splunk);                                             // per batch
 * AutoCloseable lag = metrics.gauge("gatehouse.sink.lag", "Records not yet shipped", "{record}", "sink",
 *         () -> Map.of("splunk", cursor.behind()));                               // read at each scrape
 * }</pre>
 * Names use dots and start with {@code gatehouse.}; in the Prometheus text they read with underscores, a
 * unit suffix and {@code _total} for counters ({@code gatehouse.sink.records} becomes
 * {@code gatehouse_sink_records_total}). Label values must come from a bounded set (gateways, servers,
 * sinks, reasons from an enum), never from client input.
 */
public final class GatehouseMetrics {
    /** Latency buckets in seconds: a sub-millisecond gateway overhead up to a minute-long tool call. */
    public static final List<Double> SECONDS_BUCKETS = List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);
    private static final System.Logger LOG = System.getLogger(GatehouseMetrics.class.getName());

    private final Meter meter;
    private final PrometheusMetricReader prometheus;
    private final ExpositionFormatWriter text = PrometheusTextFormatWriter.create();
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

    GatehouseMetrics(Meter meter, PrometheusMetricReader prometheus) {
        this.meter = meter;
        this.prometheus = prometheus;
    }

    /** The OpenTelemetry meter of Gatehouse, for instruments the helpers below do not cover. */
    public Meter meter() {
        return meter;
    }

    /** A string label key (cache it in a constant). */
    public static AttributeKey<String> label(String name) {
        return AttributeKey.stringKey(name);
    }

    /** A monotonic counter, e.g. {@code counter("gatehouse.calls", "Tool calls", "{call}")}. */
    public LongCounter counter(String name, String description, String unit) {
        return meter.counterBuilder(name).setDescription(description).setUnit(unit).build();
    }

    /** A latency histogram in seconds with {@link #SECONDS_BUCKETS}. */
    public DoubleHistogram seconds(String name, String description) {
        return meter.histogramBuilder(name).setDescription(description).setUnit("s")
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
    }

    /**
     * A gauge read at each scrape or export. The supplier must be quick (it runs on the scraper's request);
     * when it throws, the gauge is left out of that reading and the failure logged once per reading.
     *
     * @return closes the gauge (for a component that stops before Gatehouse does)
     */
    public AutoCloseable gauge(String name, String description, String unit, LongSupplier value) {
        return meter.gaugeBuilder(name).setDescription(description).setUnit(unit).ofLongs()
                .buildWithCallback(m -> {
                    try {
                        m.record(value.getAsLong());
                    } catch (RuntimeException e) {
                        skipped(name, e);
                    }
                });
    }

    /**
     * A gauge with one value per label value (per sink, per server...), read at each scrape or export.
     *
     * @param label  the label's name, e.g. {@code "sink"}
     * @param values the current value per label value; a bounded map (its keys are admin-defined names)
     */
    public AutoCloseable gauge(String name, String description, String unit, String label,
                               Supplier<? extends Map<String, ? extends Number>> values) {
        AttributeKey<String> key = label(label);
        LabelCache<String, Attributes> attributes = LabelCache.of(v -> Attributes.of(key, v));
        return meter.gaugeBuilder(name).setDescription(description).setUnit(unit).ofLongs()
                .buildWithCallback(m -> record(name, m, values, attributes));
    }

    private static void record(String name, ObservableLongMeasurement m,
                               Supplier<? extends Map<String, ? extends Number>> values, LabelCache<String, Attributes> attributes) {
        try {
            values.get().forEach((k, v) -> m.record(v.longValue(), attributes.get(k)));
        } catch (RuntimeException e) {
            skipped(name, e);
        }
    }

    private static void skipped(String name, RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "metric " + name + " left out of this reading: " + e);
    }

    /** The content type {@link #scrape} writes for a scraper's {@code Accept} header. */
    public String contentType(String accept) {
        return writer(accept).getContentType();
    }

    /** Writes every metric's current value in the Prometheus text format, or OpenMetrics when the scraper accepts it. */
    public void scrape(String accept, OutputStream out) throws IOException {
        writer(accept).write(out, prometheus.collect());
    }

    private ExpositionFormatWriter writer(String accept) {
        return openMetrics.accepts(accept) ? openMetrics : text;
    }
}
