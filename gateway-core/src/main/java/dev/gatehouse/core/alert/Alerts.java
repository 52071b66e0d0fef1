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
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alerts of this node to an admin's webhook and by e-mail: calls waiting for approval, tools quarantined,
 * circuits opened, error-rate and refusal spikes. Read from this node's audit chain behind the calls (from
 * where it stood when the node started: alerts are about now), plus the circuit breaker's openings, which are
 * not audited; repeats within the repeat window folded ({@link AlertThrottle}). Each channel has a thread of
 * its own, so a dead mail server delays no webhook and neither delays a call: the webhook gets a JSON POST
 * through the SSRF guard ({@link OutboundHttp}), signed with the rule webhooks' scheme ({@link WebhookSignature},
 * header {@code Gatehouse-Signature}) when a secret is set; the e-mail goes through Jakarta Mail
 * ({@link AlertMail}); each tried three times. When a channel's queue of unsent alerts is full, new ones are
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
    private final ThreadPoolExecutor mailSender;
    private final AlertMailer mailer;
    private final AlertThrottle throttle;
    private final AlertDetector detector = new AlertDetector();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong mailed = new AtomicLong();
    private final AtomicLong mailFailed = new AtomicLong();
    private volatile String lastError;
    private volatile String lastMailError;
    private volatile Optional<AlertConfig> config = Optional.empty();
    private final java.util.function.Function<String, String> serverNames;
    private long cursor = -1;

    /** @param serverNames a server's slug from its id (a database read: done on the alert thread, never a call's) */
    public Alerts(Transactions tx, SecretBox secrets, String nodeId, Clock clock, boolean allowPrivate,
                  MailSettings mail, java.util.function.Function<String, String> serverNames) {
        this.tx = tx;
        this.chain = new ChainTail(tx);
        this.serverNames = serverNames;
        this.secrets = secrets;
        this.nodeId = nodeId;
        this.clock = clock;
        this.http = new OutboundHttp(allowPrivate);
        this.sender = channel("gatehouse-alerts");
        this.mailSender = channel("gatehouse-alert-mail");
        this.mailer = mail.configured() ? new AlertMail(mail) : null;
        this.throttle = new AlertThrottle(mail.repeatWindow(), clock);
    }

    private static ThreadPoolExecutor channel(String name) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** True when alerts can go by e-mail (a mail session or an SMTP server is configured). */
    public boolean mailConfigured() {
        return mailer != null;
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
        AlertConfig stored = new AlertConfig(checked.webhookUrl(), sealed != null, checked.emailTo(), checked.errorRatePercent(),
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
            queue(sender, () -> {
                String name;
                try {
                    name = serverNames.apply(serverId);
                } catch (RuntimeException e) {
                    name = serverId;
                }
                o.put("server", name);
                o.put("serverId", serverId);
                queue(o);
            });
        }
    }

    /** Hands the alert to each configured channel, unless it repeats one sent within the repeat window. */
    private void queue(ObjectNode alert) {
        OptionalLong repeats = throttle.admit(alert);
        if (repeats.isEmpty()) {
            return;
        }
        if (repeats.getAsLong() > 0) {
            alert.put("suppressed", repeats.getAsLong());
        }
        AlertConfig current = config.orElse(null);
        if (current == null) {
            return;
        }
        if (current.webhookUrl() != null) {
            queue(sender, () -> deliver(alert, this::send, "webhook"));
        }
        if (!current.emailTo().isEmpty() && mailer != null) {
            queue(mailSender, () -> deliver(alert, this::mail, "e-mail"));
        }
    }

    private void queue(ThreadPoolExecutor channel, Runnable delivery) {
        try {
            channel.execute(delivery);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    /** Sends a test alert now on every configured channel and says what failed (empty: all delivered). */
    public Optional<String> test() {
        ObjectNode o = AlertDetector.base("test", nodeId, clock.instant());
        AlertConfig current = config.orElse(null);
        if (current == null) {
            return Optional.of("alerts are not configured");
        }
        List<String> failures = new java.util.ArrayList<>();
        if (current.webhookUrl() != null) {
            send(o).ifPresent(f -> failures.add("webhook: " + f));
        }
        if (!current.emailTo().isEmpty()) {
            mail(o).ifPresent(f -> failures.add("e-mail: " + f));
        }
        return failures.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", failures));
    }

    private void deliver(ObjectNode alert, java.util.function.Function<ObjectNode, Optional<String>> attempt, String channel) {
        Optional<String> failure = Optional.empty();
        for (long pause : RETRY_MILLIS) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            failure = attempt.apply(alert);
            if (failure.isEmpty()) {
                return;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "alert " + alert.path("event").asText() + " not delivered by " + channel
                + " after " + RETRY_MILLIS.length + " attempts: " + failure.orElse(""));
    }

    /** One e-mail attempt; the failure in Gatehouse's words, empty when the mail server took it. */
    private Optional<String> mail(ObjectNode alert) {
        AlertConfig current = config.orElse(null);
        if (current == null || mailer == null) {
            return Optional.of(mailer == null ? "e-mail is not configured on this node (mail-smtp-host or mail-session)"
                    : "alerts are not configured");
        }
        AlertMessage message = AlertMessage.of(alert);
        try {
            mailer.send(current.emailTo(), message.subject(), message.text(), clock.instant());
            mailed.incrementAndGet();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            lastMailError = LogText.cause(e);
        }
        mailFailed.incrementAndGet();
        return Optional.of(lastMailError);
    }

    /** One webhook attempt; the failure in Gatehouse's words, empty when the webhook answered 2xx. */
    private Optional<String> send(ObjectNode alert) {
        AlertConfig current = config.orElse(null);
        if (current == null || current.webhookUrl() == null) {
            return Optional.of("no webhook is configured");
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

    /**
     * Webhook alerts delivered, failed attempts, the last failure; the same for e-mail; alerts dropped (a
     * channel's queue full) and folded into others (repeats within the window).
     */
    public record Status(long sent, long failedAttempts, long dropped, String lastError, long mailed,
                         long mailFailedAttempts, String lastMailError, long suppressed) {
    }

    public Status status() {
        return new Status(sent.get(), failed.get(), dropped.get(), lastError, mailed.get(), mailFailed.get(),
                lastMailError, throttle.folded());
    }

    @Override
    public void close() {
        sender.shutdownNow();
        mailSender.shutdownNow();
    }
}
