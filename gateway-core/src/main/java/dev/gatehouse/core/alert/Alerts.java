package dev.gatehouse.core.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.AlertConfigEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.net.OutboundHttp;
import dev.gatehouse.core.rules.SigningKey;
import dev.gatehouse.core.rules.WebhookSignature;
import dev.gatehouse.core.siem.ChainTail;
import dev.gatehouse.core.text.LogText;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alerts of this node to an admin's webhook: calls waiting for approval, tools quarantined, circuits opened,
 * error-rate and refusal spikes. Read from this node's audit chain behind the calls (from where it stood when
 * the node started: alerts are about now), plus the circuit breaker's openings, which are not audited; sent
 * on one thread of their own as a JSON POST through the SSRF guard ({@link OutboundHttp}), signed with the
 * rule webhooks' scheme ({@link WebhookSignature}, header {@code Gatehouse-Signature}) when a secret is set,
 * tried three times. Nothing here can hold a call; when the queue of unsent alerts is full, new ones are
 * dropped and counted.
 */
public final class Alerts implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Alerts.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUEUE = 1000;
    private static final int READ = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long[] RETRY_MILLIS = {0, 1000, 5000};

    private final Transactions tx;
    private final ChainTail chain;
    private final SecretBox secrets;
    private final String nodeId;
    private final Clock clock;
    private final OutboundHttp http;
    private final ThreadPoolExecutor sender;
    private final AlertDetector detector = new AlertDetector();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String lastError;
    private volatile Optional<AlertConfig> config = Optional.empty();
    private final java.util.function.Function<String, String> serverNames;
    private long cursor = -1;

    /** @param serverNames a server's slug from its id (a database read: done on the alert thread, never a call's) */
    public Alerts(Transactions tx, SecretBox secrets, String nodeId, Clock clock, boolean allowPrivate,
                  java.util.function.Function<String, String> serverNames) {
        this.tx = tx;
        this.chain = new ChainTail(tx);
        this.serverNames = serverNames;
        this.secrets = secrets;
        this.nodeId = nodeId;
        this.clock = clock;
        this.http = new OutboundHttp(allowPrivate);
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "gatehouse-alerts");
            t.setDaemon(true);
            return t;
        });
    }

    public boolean allowsPlainHttp() {
        return http.allowsPrivate();
    }

    public Optional<AlertConfig> config() {
        return config;
    }

    /** Reads the configuration again (a change through another node). */
    public void reload() {
        try {
            config = tx.read(em -> Optional.ofNullable(em.find(AlertConfigEntity.class, AlertConfigEntity.ID))
                    .map(AlertConfigEntity::toRecord));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "alert configuration not read, kept as it was: " + LogText.cause(e));
        }
    }

    /** Stores a checked configuration; {@code secret} null keeps none. */
    public AlertConfig configure(AlertConfig checked, String secret) {
        String sealed = secret == null ? null : secrets.seal(secret);
        AlertConfig stored = new AlertConfig(checked.webhookUrl(), sealed != null, checked.errorRatePercent(),
                checked.minCalls(), checked.refusalsPerMinute(), checked.updatedBy(), checked.updatedAt());
        tx.inTransaction(em -> {
            AlertConfigEntity e = em.find(AlertConfigEntity.class, AlertConfigEntity.ID);
            if (e == null) {
                em.persist(new AlertConfigEntity(stored, sealed));
            } else {
                e.replace(stored, sealed);
            }
            return null;
        });
        config = Optional.of(stored);
        startAtHead();
        return stored;
    }

    /** Alerts are about now: the watch starts at this node's newest record. */
    private synchronized void startAtHead() {
        cursor = chain.head(nodeId);
    }

    /** Switches alerts off; false when they were off. */
    public boolean remove() {
        boolean removed = tx.inTransaction(em -> {
            AlertConfigEntity e = em.find(AlertConfigEntity.class, AlertConfigEntity.ID);
            if (e != null) {
                em.remove(e);
            }
            return e != null;
        });
        config = Optional.empty();
        return removed;
    }

    /** Reads what this node wrote since the last look and queues the alerts it raises (on the background thread). */
    public synchronized void watch() {
        if (config.isEmpty()) {
            cursor = -1; // alerts are about now: once configured, they start from the head of that moment
            return;
        }
        try {
            if (cursor < 0) {
                startAtHead();
                return;
            }
            List<AuditEvent> records;
            do {
                records = chain.after(nodeId, cursor, READ);
                AlertConfig current = config.orElse(null);
                for (AuditEvent e : records) {
                    cursor = e.nodeSequence();
                    if (current != null) {
                        detector.accept(e, current).forEach(this::queue);
                    }
                }
            } while (records.size() == READ);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "alerts: the audit trail could not be read, next round: " + LogText.cause(e));
        }
    }

    /** The circuit breaker opened a server's circuit on this node (called on the failing call's thread: only queues). */
    public void circuitOpened(String serverId) {
        if (config.isPresent()) {
            ObjectNode o = AlertDetector.base("circuit.opened", nodeId, clock.instant());
            queue(() -> {
                String name;
                try {
                    name = serverNames.apply(serverId);
                } catch (RuntimeException e) {
                    name = serverId;
                }
                o.put("server", name);
                o.put("serverId", serverId);
                deliver(o);
            });
        }
    }

    private void queue(ObjectNode alert) {
        queue(() -> deliver(alert));
    }

    private void queue(Runnable delivery) {
        try {
            sender.execute(delivery);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    /** Sends a test alert now and says whether the webhook took it. */
    public Optional<String> test() {
        ObjectNode o = AlertDetector.base("test", nodeId, clock.instant());
        return send(o);
    }

    private void deliver(ObjectNode alert) {
        for (long pause : RETRY_MILLIS) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (send(alert).isEmpty()) {
                return;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "alert " + alert.path("event").asText() + " not delivered after "
                + RETRY_MILLIS.length + " attempts: " + lastError);
    }

    /** One attempt; the failure in Gatehouse's words, empty when the webhook answered 2xx. */
    private Optional<String> send(ObjectNode alert) {
        AlertConfig current = config.orElse(null);
        if (current == null) {
            return Optional.of("alerts are not configured");
        }
        try {
            byte[] body = JSON.writeValueAsBytes(alert);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("User-Agent", "Gatehouse alerts");
            Optional<String> secret = tx.read(em -> Optional.ofNullable(em.find(AlertConfigEntity.class, AlertConfigEntity.ID))
                    .map(AlertConfigEntity::sealedSecret).map(secrets::open));
            secret.ifPresent(s -> headers.put(WebhookSignature.HEADER, WebhookSignature.header(SigningKey.of(s), clock.instant(), body)));
            OutboundHttp.Response answer = http.send("POST", URI.create(current.webhookUrl()), headers, body, TIMEOUT, 64 * 1024);
            if (answer.status() / 100 == 2) {
                sent.incrementAndGet();
                return Optional.empty();
            }
            lastError = "the webhook answered HTTP " + answer.status();
        } catch (IOException | RuntimeException e) {
            lastError = LogText.cause(e);
        }
        failed.incrementAndGet();
        return Optional.of(lastError);
    }

    /** Alerts delivered, failed attempts, dropped (queue full), the last failure. */
    public record Status(long sent, long failedAttempts, long dropped, String lastError) {
    }

    public Status status() {
        return new Status(sent.get(), failed.get(), dropped.get(), lastError);
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
