package dev.gatehouse.core.governance;

import dev.gatehouse.core.approval.ApprovalDesk;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.JpaApprovalStore;
import dev.gatehouse.core.jpa.JpaQuarantineStore;
import dev.gatehouse.core.jpa.JpaRateLeases;
import dev.gatehouse.core.jpa.JpaRateLimitStore;
import dev.gatehouse.core.jpa.JpaRuleStore;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.limits.LimitBook;
import dev.gatehouse.core.limits.RateLimitStore;
import dev.gatehouse.core.limits.RateLimiter;
import dev.gatehouse.core.quarantine.QuarantineStore;
import dev.gatehouse.core.quarantine.ToolQuarantine;
import dev.gatehouse.core.rules.RuleBook;
import dev.gatehouse.core.rules.RuleEngine;
import dev.gatehouse.core.rules.RuleStore;
import dev.gatehouse.core.rules.WebhookClient;
import dev.gatehouse.core.runtime.NodeThreads;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.telemetry.CallMetrics;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Governance of calls, wired once per node: gateway rules ({@link RuleEngine}), rate limits
 * ({@link RateLimiter}), tool quarantine ({@link ToolQuarantine}) and human approval ({@link ApprovalDesk}),
 * each over its store, with one thread of its own for timeouts and upkeep. Configuration changed on
 * another node reaches this one within {@link #REFRESH}.
 */
public final class Governance implements AutoCloseable {
    /** How stale a node's view of rules, limits and quarantine may be after a change on another node. */
    public static final Duration REFRESH = Duration.ofSeconds(2);
    /** How often a node holding calls for approval looks for decisions made on other nodes. */
    public static final Duration APPROVAL_POLL = Duration.ofMillis(500);
    /** Largest reply accepted from a rule engine webhook. */
    public static final int MAX_WEBHOOK_REPLY = 4 * 1024 * 1024;

    private final JpaRuleStore rules;
    private final RuleEngine engine;
    private final JpaRateLimitStore limits;
    private final RateLimiter limiter;
    private final JpaQuarantineStore quarantineStore;
    private final ToolQuarantine quarantine;
    private final ApprovalDesk approvals;
    private final CallGovernor calls;
    private final ScheduledExecutorService scheduler;

    private Governance(Transactions tx, GatewayCatalog catalog, AuditLog audit, Clock base, String nodeId,
                       byte[] auditChainKey, SecretBox secrets, NodeThreads threads, CallMetrics metrics) {
        Clock clock = new MicrosClock(base);
        // its own thread: approval timeouts must not wait behind other maintenance
        this.scheduler = threads.timer("gatehouse-governance");
        this.rules = new JpaRuleStore(tx, catalog, secrets, clock);
        RuleBook book = new RuleBook(rules, clock, REFRESH);
        rules.notify(book);
        this.engine = new RuleEngine(book, hashKey(auditChainKey),
                new WebhookClient(MAX_WEBHOOK_REPLY, clock, webhooksMayReachPrivateAddresses(SettingsSource.system()),
                        threads.named("gatehouse-webhook")));
        this.limits = new JpaRateLimitStore(tx, catalog, clock);
        LimitBook limitBook = new LimitBook(limits, clock, REFRESH);
        limits.notify(limitBook);
        this.limiter = new RateLimiter(limitBook, new JpaRateLeases(tx), nodeId, clock);
        this.quarantineStore = new JpaQuarantineStore(tx, catalog, clock);
        this.quarantine = new ToolQuarantine(quarantineStore, audit, clock, REFRESH);
        this.approvals = new ApprovalDesk(new JpaApprovalStore(tx), audit, clock, nodeId, scheduler, APPROVAL_POLL);
        this.calls = new CallGovernor(quarantine, limiter, engine, approvals, audit, scheduler,
                CallGovernor.STILL_HELD_EVERY, metrics);
        scheduler.scheduleWithFixedDelay(limiter::maintain, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Wires governance over the unit's transactions.
     *
     * @param auditChainKey the node-shared secret the rule {@code hash} action's key is derived from, so
     *                      hashes compare across nodes without another key to distribute
     * @param secrets       seals webhook signing secrets at rest, under the key that seals upstream credentials
     * @param metrics       counts the steps' decisions
     */
    public static Governance start(Transactions tx, GatewayCatalog catalog, AuditLog audit, Clock clock, String nodeId,
                                   byte[] auditChainKey, SecretBox secrets, NodeThreads threads, CallMetrics metrics) {
        return new Governance(tx, catalog, audit, clock, nodeId, auditChainKey, secrets, threads, metrics);
    }

    public RuleStore rules() { return rules; }
    public RuleEngine engine() { return engine; }
    public RateLimitStore limits() { return limits; }
    public RateLimiter limiter() { return limiter; }
    public QuarantineStore quarantineStore() { return quarantineStore; }
    public ToolQuarantine quarantine() { return quarantine; }
    public ApprovalDesk approvals() { return approvals; }
    /** The gateway's one entry point: admit a call, review its result, filter a tool list. */
    public CallGovernor calls() { return calls; }

    /** HMAC-SHA-256(key, label): a key for one purpose derived from a shared secret (as HKDF-Expand's one block). */
    /**
     * Whether webhook rules may call loopback, private and other non-global addresses: the explicit setting
     * {@value WebhookClient#ALLOW_PRIVATE_SETTING} ({@code true} or {@code false}, default false); any other value
     * stops the start with a message naming it.
     */
    static boolean webhooksMayReachPrivateAddresses(SettingsSource settings) {
        return settings.get(WebhookClient.ALLOW_PRIVATE_SETTING).map(v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("gatehouse." + WebhookClient.ALLOW_PRIVATE_SETTING
                        + " must be true or false, not '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }).orElse(false);
    }

    static byte[] hashKey(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal("gatehouse rule hash v1".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * Instants at the microseconds databases keep, so a stored record reads back equal; {@code millis()}
     * straight from the base clock ({@code Clock.tick} below a millisecond cannot answer it).
     */
    private static final class MicrosClock extends Clock {
        private final Clock base;

        MicrosClock(Clock base) {
            this.base = base;
        }

        @Override public java.time.ZoneId getZone() { return base.getZone(); }
        @Override public Clock withZone(java.time.ZoneId zone) { return new MicrosClock(base.withZone(zone)); }
        @Override public long millis() { return base.millis(); }
        @Override public java.time.Instant instant() { return base.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); }
    }

    @Override
    public void close() {
        approvals.close();
        scheduler.shutdownNow();
    }
}
