package dev.gatehouse.core.runtime;

import dev.gatehouse.core.audit.AuditLag;
import dev.gatehouse.core.jpa.ConnectionPools;
import dev.gatehouse.core.jpa.JpaBacklog;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.resilience.CircuitBreaker;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.telemetry.GatehouseMetrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The gauges of this node's state, read when scraped: what waits cluster-wide (open sessions, held
 * calls, quarantined tools), each server's circuit, this node's upstream sessions, and the connection
 * pool's use where Gatehouse pools connections itself. The database-backed ones are read at most every
 * {@link #DATABASE_EVERY}, however many scrapers and exporters ask.
 */
final class NodeGauges {
    static final Duration DATABASE_EVERY = Duration.ofSeconds(5);

    private NodeGauges() {
    }

    static void register(GatehouseMetrics metrics, Transactions tx, GatewayCatalog catalog, CircuitBreaker circuits,
                         LongSupplier upstreamSessions) {
        Supplier<JpaBacklog.Counts> backlog = Recent.of(new JpaBacklog(tx)::read, DATABASE_EVERY);
        metrics.gauge("gatehouse.sessions.open", "Live MCP sessions of the cluster", "{session}",
                () -> backlog.get().openSessions());
        metrics.gauge("gatehouse.approvals.pending", "tools/call requests held for an admin's approval (cluster)",
                "{call}", () -> backlog.get().pendingApprovals());
        metrics.gauge("gatehouse.quarantine.pending", "Tool definitions quarantined until an admin reviews them (cluster)",
                "{tool}", () -> backlog.get().quarantinedTools());
        Supplier<List<UpstreamServer>> servers = Recent.of(catalog::servers, DATABASE_EVERY);
        metrics.gauge("gatehouse.circuit.state", "Each upstream server's circuit on this node: 0 closed, 1 half-open, 2 open",
                "1", "server", () -> circuitStates(servers.get(), circuits));
        metrics.gauge("gatehouse.upstream.sessions.open", "This node's upstream sessions for clients without a session",
                "{session}", upstreamSessions);
        if (tx.pool().isPresent()) {
            metrics.gauge("gatehouse.db.pool.connections", "JDBC connections of Gatehouse's pool, busy and idle",
                    "{connection}", "state", () -> {
                        ConnectionPools.Use use = tx.pool().orElseThrow();
                        return Map.of("busy", use.busy(), "idle", use.idle());
                    });
            metrics.gauge("gatehouse.db.pool.max", "The most JDBC connections Gatehouse's pool opens", "{connection}",
                    () -> tx.pool().map(ConnectionPools.Use::max).orElseThrow());
        }
    }

    /**
     * The audit journal's backlog on this node (docs/audit.md): records journaled but not yet in the audit table,
     * how long the oldest of them has waited (the shipping lag, whole seconds), and the journal's size on disk.
     * All 0 where records go straight to the database.
     */
    static void registerJournal(GatehouseMetrics metrics, Supplier<AuditLag> lag) {
        metrics.gauge("gatehouse.audit.journal.unshipped", "Audit records in this node's journal not yet in the audit table",
                "{record}", () -> lag.get().unshipped());
        metrics.gauge("gatehouse.audit.journal.lag", "How long the oldest unshipped audit record has waited for the table",
                "s", () -> lag.get().oldestMillis() / 1000);
        metrics.gauge("gatehouse.audit.journal.size", "Bytes of this node's audit journal on disk", "By",
                () -> lag.get().journalBytes());
    }

    private static Map<String, Integer> circuitStates(List<UpstreamServer> servers, CircuitBreaker circuits) {
        Map<String, Integer> states = new LinkedHashMap<>();
        for (UpstreamServer server : servers) {
            states.put(server.slug(), switch (circuits.state(server.id())) {
                case CLOSED -> 0;
                case HALF_OPEN -> 1;
                case OPEN -> 2;
            });
        }
        return states;
    }

    /** A value read again only once it is older than {@code every}; a failed read is tried again next time. */
    static final class Recent<T> implements Supplier<T> {
        private final Supplier<T> source;
        private final long everyNanos;
        private T value;
        private long readAt;

        private Recent(Supplier<T> source, Duration every) {
            this.source = source;
            this.everyNanos = every.toNanos();
        }

        static <T> Recent<T> of(Supplier<T> source, Duration every) {
            return new Recent<>(source, every);
        }

        @Override
        public synchronized T get() {
            long now = System.nanoTime();
            if (value == null || now - readAt >= everyNanos) {
                value = source.get();
                readAt = now;
            }
            return value;
        }
    }
}
