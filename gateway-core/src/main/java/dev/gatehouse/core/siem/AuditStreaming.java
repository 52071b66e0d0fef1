package dev.gatehouse.core.siem;

import dev.gatehouse.core.health.HealthChecks;
import dev.gatehouse.core.net.OutboundHttp;
import dev.gatehouse.core.telemetry.GatehouseMetrics;
import dev.gatehouse.core.text.LogText;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Streams this node's audit chain to every configured sink, one {@link SinkWorker} per sink. The sink
 * list is read again when an admin changes it through this node ({@link #reload}) and periodically (a
 * change made through another node). Each node streams its own chain with its own cursor per sink, so
 * nodes never coordinate and each chain arrives in order.
 */
public final class AuditStreaming implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AuditStreaming.class.getName());

    private final AuditSinkStore store;
    private final ChainTail tail;
    private final String nodeId;
    private final StreamSettings settings;
    private final Clock clock;
    private final OutboundHttp guard;
    private final SettingsSinks fromSettings;
    private final Map<String, SinkWorker> workers = new HashMap<>();
    private final Map<String, AutoCloseable> healthChecks = new HashMap<>();
    private HealthChecks health;
    private boolean closed;

    public AuditStreaming(AuditSinkStore store, dev.gatehouse.core.jpa.Transactions tx, String nodeId,
                          StreamSettings settings, Clock clock) {
        this.store = store;
        this.tail = new ChainTail(tx);
        this.nodeId = nodeId;
        this.settings = settings;
        this.clock = clock;
        this.guard = new OutboundHttp(settings.allowPrivate());
        this.fromSettings = settings.sinks();
    }

    /** Every sink: those of the setting {@code audit-sinks}, then those configured through the admin API. */
    public List<AuditSink> all() {
        List<AuditSink> all = new ArrayList<>(fromSettings.sinks());
        all.addAll(store.sinks());
        return all;
    }

    /** True when the sink comes from the setting {@code audit-sinks} (the admin API cannot remove it). */
    public boolean fromSettings(String id) {
        return fromSettings.contains(id);
    }

    public AuditSinkStore sinks() {
        return store;
    }

    public StreamSettings settings() {
        return settings;
    }

    /**
     * Publishes per-sink metrics (label {@code sink}, the sink's name): {@code gatehouse.audit.sink.lag} records
     * written but not confirmed, {@code gatehouse.audit.sink.failures} failed attempts since start and
     * {@code gatehouse.audit.sink.up} 1 while the last attempt succeeded, {@code gatehouse.audit.sink.skipped} records passed
     * over (holes past the grace time); and, when {@link StreamSettings#readiness()},
     * a readiness check {@code audit-sink.<name>} per sink.
     */
    public void observe(GatehouseMetrics metrics, HealthChecks checks) {
        metrics.gauge("gatehouse.audit.sink.lag", "Audit records of this node not yet confirmed by the sink", "{record}",
                "sink", this::lagBySink);
        metrics.gauge("gatehouse.audit.sink.failures", "Failed attempts to deliver to the sink since this node started",
                "{failure}", "sink", () -> bySink(w -> w.failureCount()));
        metrics.gauge("gatehouse.audit.sink.up", "1 while the sink's last attempt succeeded", "1", "sink",
                () -> bySink(w -> w.consecutiveFailureCount() == 0 ? 1 : 0));
        metrics.gauge("gatehouse.audit.sink.skipped", "Records of this node the sink passed over since start (a hole in the"
                + " chain past audit-stream-gap-grace-ms)", "{record}", "sink", () -> bySink(SinkWorker::skippedCount));
        synchronized (this) {
            this.health = settings.readiness() ? checks : null;
        }
    }

    /** Records of this node's chain each sink has not confirmed: one read of the chain head for all. */
    Map<String, Long> lagBySink() {
        long head = tail.head(nodeId);
        return bySink(w -> Math.max(0, head - w.deliveredSequence()));
    }

    private synchronized Map<String, Long> bySink(java.util.function.ToLongFunction<SinkWorker> value) {
        Map<String, Long> out = new java.util.TreeMap<>();
        workers.values().forEach(w -> out.merge(w.sink().name(), value.applyAsLong(w), Long::sum));
        return out;
    }

    /** Starts workers for new sinks and stops those of removed ones; a failure to read waits for the next round. */
    public synchronized void reload() {
        if (closed) {
            return;
        }
        List<AuditSink> configured;
        try {
            configured = all();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit sinks could not be read, streaming goes on as it was: "
                    + LogText.cause(e));
            return;
        }
        Set<String> ids = configured.stream().map(AuditSink::id).collect(Collectors.toSet());
        workers.entrySet().removeIf(w -> {
            if (!ids.contains(w.getKey())) {
                w.getValue().stop();
                close(healthChecks.remove(w.getKey()));
                return true;
            }
            return false;
        });
        for (AuditSink sink : configured) {
            workers.computeIfAbsent(sink.id(), id -> {
                SinkWorker w = new SinkWorker(sink, store, tail, nodeId, settings, clock, this::open);
                w.start();
                if (health != null) {
                    healthChecks.put(id, health.readiness(checkName(sink), () -> w.consecutiveFailureCount() == 0));
                }
                return w;
            });
        }
    }

    private SinkTransport open(AuditSink sink) throws java.io.IOException {
        if (sink.kind().http()) {
            String secret = fromSettings.contains(sink.id()) ? fromSettings.secret(sink.id()) : store.secret(sink.id()).orElse(null);
            return sink.kind() == SinkKind.OTLP_LOGS ? new OtlpLogsTransport(sink, secret, guard)
                    : new HttpBatchTransport(sink, secret, guard);
        }
        return SyslogTransport.connect(sink, guard);
    }

    /** Every sink's state on this node. */
    public List<SinkStatus> status() {
        List<SinkWorker> current;
        synchronized (this) {
            current = new ArrayList<>(workers.values());
        }
        return current.stream().map(SinkWorker::status)
                .sorted(java.util.Comparator.comparing(SinkStatus::name).thenComparing(SinkStatus::sinkId)).toList();
    }

    /** Asks every worker to look for new records now (tests, and after a burst). */
    public synchronized void wake() {
        workers.values().forEach(SinkWorker::wake);
    }

    /** {@code audit-sink.<name in lower case, other characters as '-'>-<first 8 of the id>}, a health check's name. */
    static String checkName(AuditSink sink) {
        String slug = sink.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return "audit-sink." + (slug.length() > 40 ? slug.substring(0, 40) : slug) + "-" + sink.id().substring(0, 8);
    }

    private static void close(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // removing a health check does not fail
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        healthChecks.values().forEach(AuditStreaming::close);
        healthChecks.clear();
        workers.values().forEach(SinkWorker::stop);
        workers.clear();
    }
}
