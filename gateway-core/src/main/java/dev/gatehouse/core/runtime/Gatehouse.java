package dev.gatehouse.core.runtime;

import dev.gatehouse.core.audit.AuditKeys;
import dev.gatehouse.core.audit.AuditLag;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditLogs;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.governance.Governance;
import dev.gatehouse.core.jpa.JpaConnectionRegistry;
import dev.gatehouse.core.jpa.JpaCredentialCheck;
import dev.gatehouse.core.mcp.EventIds;
import dev.gatehouse.core.jpa.JpaGatewayCatalog;
import dev.gatehouse.core.jpa.JpaHostDirectory;
import dev.gatehouse.core.jpa.JpaMcpSessionStore;
import dev.gatehouse.core.jpa.JpaTokenAuthenticator;
import dev.gatehouse.core.jpa.LastUsedRecorder;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.oauth.AuthorizationServer;
import dev.gatehouse.core.oauth.OAuthSettings;
import dev.gatehouse.core.resilience.CircuitBreaker;
import dev.gatehouse.core.revocation.CredentialWatch;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.store.ConnectionRegistry;
import dev.gatehouse.core.store.HostDirectory;
import dev.gatehouse.core.store.TokenAuthenticator;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.session.McpSessionStore;
import dev.gatehouse.core.session.SessionLimit;
import dev.gatehouse.core.session.SessionUpstreams;
import dev.gatehouse.core.signin.SignInGuard;
import dev.gatehouse.core.signin.SignInPolicy;
import dev.gatehouse.core.signin.SignInThrottle;
import dev.gatehouse.core.health.HealthChecks;
import dev.gatehouse.core.telemetry.GatehouseMetrics;
import dev.gatehouse.core.telemetry.Telemetry;
import dev.gatehouse.core.telemetry.TelemetrySettings;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamHandshake;
import dev.gatehouse.core.upstream.UpstreamSessions;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One Gatehouse per server process: the stores, the audit log and the background work, wired once and
 * shared by the gateway and admin web applications (through a servlet context attribute on the
 * embedded launcher, through the EAR's shared library in an application server).
 */
public final class Gatehouse implements AutoCloseable {
    /** The servlet context attribute under which an embedding server hands the runtime to both WARs. */
    public static final String CONTEXT_ATTRIBUTE = "dev.gatehouse.runtime";
    private static final System.Logger LOG = System.getLogger(Gatehouse.class.getName());

    private static final long LAST_USED_FLUSH_SECONDS = 5;
    /** How often this node deletes ended and idle MCP session rows (every node does; the delete is idempotent). */
    private static final Duration SESSION_PURGE_INTERVAL = Duration.ofMinutes(10);
    /** Ended sessions stay an hour, for investigations that start from a client's report. */
    static final Duration ENDED_SESSION_RETENTION = Duration.ofHours(1);
    /** A session nobody used for a day is gone; its client initializes again on the 404. */
    static final Duration IDLE_SESSION_LIMIT = Duration.ofHours(24);
    private static final long UPSTREAM_GOODBYE_MILLIS = 1000;
    /** How often idle upstream sessions of sessionless clients are looked for. */
    private static final long UPSTREAM_IDLE_CHECK_SECONDS = 60;
    /** How often the audit sink list is read again, for sinks changed through another node. */
    private static final long SINK_RELOAD_SECONDS = 30;

    private final GatehouseSettings settings;
    private final Transactions transactions;
    private final Clock clock;
    private final JpaGatewayCatalog catalog;
    private final HostDirectory hosts;
    private final ConnectionRegistry connections;
    private final TokenAuthenticator authenticator;
    private final LastUsedRecorder lastUsed;
    private final AuditLogs.Opened audit;
    private final NodeThreads threads;
    private final ScheduledExecutorService background;
    private final UpstreamClient upstream;
    private final UpstreamSessions upstreamSessions;
    private final McpSessionStore sessions;
    private final SessionUpstreams sessionUpstreams;
    private final EventIds eventIds;
    private final Governance governance;
    private final CircuitBreaker circuits;
    private final AuthorizationServer oauth;
    private final dev.gatehouse.core.jpa.JpaIdentityStore identities;
    private final dev.gatehouse.core.identity.IdentityResolver identityResolver;
    private final dev.gatehouse.core.identity.UpstreamRevoker upstreamRevoker;
    private final dev.gatehouse.core.identity.UpstreamOAuth upstreamOAuth;
    private final dev.gatehouse.core.net.OutboundHttp upstreamOAuthHttp;
    private final Revocations revocations;
    private final CredentialWatch credentials;
    /** True when ending the sessions of revoked credentials failed: tried again on the next poll. */
    private volatile boolean sweepAgain;
    private final SignInGuard signIns;
    private final dev.gatehouse.core.users.ConsoleUsers consoleUsers;
    private final dev.gatehouse.core.users.SignOnSubjects signOnSubjects;
    private final dev.gatehouse.core.audit.RefusalBook refusals;
    private final dev.gatehouse.core.siem.AuditStreaming streaming;
    private final dev.gatehouse.core.alert.Alerts alerts;
    private final dev.gatehouse.core.retention.RetentionSchedule retentionSchedule;
    private final Runnable onClose;
    private final Telemetry telemetry;
    private final HealthChecks health = new HealthChecks();

    private Gatehouse(GatehouseSettings settings, Transactions transactions, Clock clock, CircuitBreaker.Settings circuits,
                      OAuthSettings oauthSettings, Runnable onClose) {
        this.settings = settings;
        this.transactions = transactions;
        // databases keep microseconds: a record built from this clock reads back exactly as it was returned
        this.clock = Clock.tick(clock, java.time.Duration.ofNanos(1000));
        this.onClose = onClose;
        SettingsSource settingsSource = SettingsSource.system();
        this.telemetry = Telemetry.start(TelemetrySettings.from(settingsSource), settingsSource.get("otlp-endpoint")
                .map(String::strip).orElse(null), settings.nodeId());
        health.readiness("database", this::databaseReachable);
        // before anything is served: a node with another cluster's keys stops here, saying which key
        KeyCheck.verify(transactions, settings, clock.instant());
        SecretBox secrets = SecretBox.fromBase64(settings.sealingKey(), settings.retiredKeys().sealingKeys());
        this.threads = NodeThreads.detect();
        this.revocations = new Revocations(transactions, Revocations.DEFAULT_POLL, threads.named("gatehouse-revocations"));
        this.catalog = new JpaGatewayCatalog(transactions, secrets, clock);
        this.identities = new dev.gatehouse.core.jpa.JpaIdentityStore(transactions, secrets, this.clock, revocations);
        this.upstreamOAuthHttp = new dev.gatehouse.core.net.OutboundHttp(upstreamOAuthAllowPrivate(SettingsSource.system()));
        this.hosts = new JpaHostDirectory(transactions, clock, revocations);
        this.connections = new JpaConnectionRegistry(transactions, new ApiTokenFormat(), clock, revocations);
        this.lastUsed = new LastUsedRecorder(transactions);
        this.authenticator = new JpaTokenAuthenticator(transactions, clock, lastUsed);
        this.audit = AuditLogs.open(transactions, AuditKeys.of(settings).current(), settings.nodeId(),
                settings.durableAuditWait(), settings.auditStorage(), this.clock, threads);
        this.background = threads.timer("gatehouse-background");
        background.scheduleWithFixedDelay(lastUsed::flush, LAST_USED_FLUSH_SECONDS, LAST_USED_FLUSH_SECONDS, TimeUnit.SECONDS);
        SettingsSource source = SettingsSource.system();
        this.upstream = new UpstreamClient(threads,
                (int) Math.min(Integer.MAX_VALUE, positive(source, "upstream-threads", UpstreamClient.DEFAULT_THREADS)),
                source.get("upstream-http-client").map(UpstreamClient.HttpClientKind::of).orElse(UpstreamClient.HttpClientKind.JETTY));
        UpstreamHandshake handshake = new UpstreamHandshake(upstream, UpstreamClient.VERSION);
        this.upstreamSessions = new UpstreamSessions(upstream, handshake, clock,
                (int) Math.min(Integer.MAX_VALUE, positive(source, "sessionless-upstream-sessions", UpstreamSessions.DEFAULT_MAX_SESSIONS)),
                Duration.ofSeconds(positive(source, "sessionless-upstream-idle-seconds", UpstreamSessions.DEFAULT_IDLE_LIMIT.toSeconds())));
        background.scheduleWithFixedDelay(this::evictIdleUpstreamSessions, UPSTREAM_IDLE_CHECK_SECONDS,
                UPSTREAM_IDLE_CHECK_SECONDS, TimeUnit.SECONDS);
        this.sessions = new JpaMcpSessionStore(transactions, secrets, this.clock,
                SessionLimit.of(settings.maxSessionsPerConnection()));
        this.sessionUpstreams = new SessionUpstreams(upstream, handshake, upstreamSessions, sessions);
        this.eventIds = EventIds.fromSealingKey(settings.sealingKey());
        this.credentials = new CredentialWatch(new JpaCredentialCheck(transactions), revocations, this.clock);
        credentials.afterCredentialsEnded(this::endRevokedSessions);
        revocations.listen(moved -> {
            if (sweepAgain && !moved) {
                endRevokedSessions();
            }
        });
        this.upstreamRevoker = new dev.gatehouse.core.identity.UpstreamRevoker(upstreamOAuthHttp, background);
        this.upstreamOAuth = new dev.gatehouse.core.identity.UpstreamOAuth(
                new dev.gatehouse.core.jpa.JpaUpstreamGrants(transactions, secrets, this.clock, identities),
                upstreamOAuthHttp, this.clock, upstreamRevoker);
        this.identityResolver = new dev.gatehouse.core.identity.IdentityResolver(identities, upstreamOAuth);
        this.circuits = new CircuitBreaker(circuits, clock);
        NodeGauges.register(telemetry.metrics(), transactions, catalog, this.circuits, upstreamSessions::size);
        NodeGauges.registerJournal(telemetry.metrics(), audit::lag);
        this.governance = Governance.start(transactions, catalog, audit.log(), clock, settings.nodeId(),
                settings.auditChainKey(), secrets, threads, telemetry.calls());
        background.scheduleWithFixedDelay(this::purgeSessions, SESSION_PURGE_INTERVAL.toSeconds(),
                SESSION_PURGE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        this.oauth = new AuthorizationServer(transactions, this.clock, oauthSettings, revocations, lastUsed);
        this.consoleUsers = new dev.gatehouse.core.users.ConsoleUsers(transactions, this.clock);
        this.signOnSubjects = new dev.gatehouse.core.users.SignOnSubjects(transactions, this.clock);
        this.signIns = new SignInGuard(new SignInThrottle(SignInPolicy.from(SettingsSource.system()), clock), audit.log());
        background.scheduleWithFixedDelay(this::purgeOAuth, SESSION_PURGE_INTERVAL.toSeconds(),
                SESSION_PURGE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        this.refusals = new dev.gatehouse.core.audit.RefusalBook(
                dev.gatehouse.core.audit.RefusalBook.Settings.from(SettingsSource.system()), this.clock, audit.log());
        background.scheduleWithFixedDelay(this::flushRefusals, 5, 5, TimeUnit.SECONDS);
        this.streaming = new dev.gatehouse.core.siem.AuditStreaming(
                new dev.gatehouse.core.siem.AuditSinkStore(transactions, secrets, this.clock), transactions,
                settings.nodeId(), dev.gatehouse.core.siem.StreamSettings.from(SettingsSource.system()), this.clock);
        this.alerts = new dev.gatehouse.core.alert.Alerts(transactions, secrets, settings.nodeId(), this.clock,
                SettingsSource.system().get(dev.gatehouse.core.rules.WebhookClient.ALLOW_PRIVATE_SETTING)
                        .map(v -> Boolean.parseBoolean(v.strip())).orElse(false),
                dev.gatehouse.core.alert.MailSettings.from(SettingsSource.system()),
                id -> catalog.server(id).map(dev.gatehouse.core.model.UpstreamServer::slug).orElse(id));
        alerts.reload();
        this.circuits.onOpen(alerts::circuitOpened);
        background.scheduleWithFixedDelay(alerts::watch, 1, 1, TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(alerts::reload, SINK_RELOAD_SECONDS, SINK_RELOAD_SECONDS, TimeUnit.SECONDS);
        streaming.observe(telemetry.metrics(), health);
        streaming.reload();
        background.scheduleWithFixedDelay(streaming::reload, SINK_RELOAD_SECONDS, SINK_RELOAD_SECONDS, TimeUnit.SECONDS);
        this.retentionSchedule = new dev.gatehouse.core.retention.RetentionSchedule(transactions, this::retention,
                audit.log(), settings.nodeId(), this.clock);
        long retentionCheck = retentionCheckSeconds(SettingsSource.system());
        background.scheduleWithFixedDelay(retentionSchedule::tick, retentionCheck, retentionCheck, TimeUnit.SECONDS);
    }

    /**
     * Ends the sessions of connections that can no longer be used, and their upstream sessions (DELETE);
     * each session once across the nodes. Runs on the revocation thread after the signal moved.
     */
    void endRevokedSessions() {
        try {
            for (var ended : sessions.endRevoked()) {
                sessionUpstreams.close(ended, catalog::server);
                upstreamSessions.closeConnection(ended.connectionId()); // its sessionless clients' too, on this node
            }
            // connections used only without a session hold upstream sessions too: none outlives its connection
            Set<String> held = upstreamSessions.connectionIds();
            if (!held.isEmpty()) {
                sessions.unusable(held).forEach(upstreamSessions::closeConnection);
            }
            sweepAgain = false;
        } catch (RuntimeException e) {
            // the sessions are refused anyway (their credentials are); they are ended on the next poll
            sweepAgain = true;
            LOG.log(System.Logger.Level.WARNING, "sessions of revoked credentials not ended yet, again on the next poll: "
                    + dev.gatehouse.core.text.LogText.cause(e));
        }
    }

    /** Ends the sessionless clients' upstream sessions nobody used lately; a failure waits for the next round. */
    void evictIdleUpstreamSessions() {
        try {
            upstreamSessions.evictIdle();
        } catch (RuntimeException e) {
            // only an idle session kept a minute longer
        }
    }

    /** Deletes expired codes and tokens and registrations that never connected; a failure waits for the next round. */
    void purgeOAuth() {
        try {
            oauth.purge();
        } catch (RuntimeException e) {
            // the database may be briefly unavailable; the rows are only stale, never unsafe
            LOG.log(System.Logger.Level.WARNING, "OAuth purge failed, next round in " + SESSION_PURGE_INTERVAL + ": "
                    + LogText.cause(e), e);
        }
    }

    /** Deletes ended and idle session rows (retention); a failure waits for the next round. */
    void purgeSessions() {
        Instant now = clock.instant();
        try {
            sessions.purge(now.minus(ENDED_SESSION_RETENTION), now.minus(IDLE_SESSION_LIMIT));
        } catch (RuntimeException e) {
            // the database may be briefly unavailable; the rows are only stale, never unsafe
            LOG.log(System.Logger.Level.WARNING, "session purge failed, next round in " + SESSION_PURGE_INTERVAL + ": "
                    + LogText.cause(e), e);
        }
    }

    /**
     * Wires Gatehouse over the given transactions.
     *
     * @param onClose releases what the caller opened for it (the entity manager factory), after Gatehouse stops
     */
    public static Gatehouse start(GatehouseSettings settings, Transactions transactions, Clock clock, Runnable onClose) {
        return start(settings, transactions, clock, circuitSettings(SettingsSource.system()), onClose);
    }

    /** Wires Gatehouse with the given circuit breaker settings (tests, embedders with settings of their own). */
    public static Gatehouse start(GatehouseSettings settings, Transactions transactions, Clock clock,
                                  CircuitBreaker.Settings circuits, Runnable onClose) {
        return start(settings, transactions, clock, circuits, oauthSettings(SettingsSource.system()), onClose);
    }

    /** Wires Gatehouse with the given circuit breaker and authorization server settings. */
    public static Gatehouse start(GatehouseSettings settings, Transactions transactions, Clock clock,
                                  CircuitBreaker.Settings circuits, OAuthSettings oauth, Runnable onClose) {
        return new Gatehouse(settings, transactions, clock, circuits, oauth, onClose);
    }

    /**
     * The authorization server's settings: lifetimes {@code oauth-code-seconds} (default 120),
     * {@code oauth-access-token-seconds} (3600), {@code oauth-refresh-token-seconds} (2592000, 30 days),
     * {@code oauth-refresh-grace-seconds} (120); registration limits {@code oauth-max-unused-registrations}
     * (1000) and {@code oauth-registrations-per-minute} (20 per client address); and the test switch
     * {@code oauth.cimd-allow-private-hosts}. A bad value fails the start with a message naming the setting.
     */
    public static OAuthSettings oauthSettings(SettingsSource source) {
        OAuthSettings d = OAuthSettings.defaults();
        boolean allowPrivate = source.get("oauth.cimd-allow-private-hosts")
                .or(() -> source.get("oauth-cimd-allow-private-hosts"))
                .map(v -> Boolean.parseBoolean(v.strip())).orElse(false);
        return d.withLifetimes(seconds(source, "oauth-code-seconds", d.codeTtl()),
                        seconds(source, "oauth-access-token-seconds", d.accessTokenTtl()),
                        seconds(source, "oauth-refresh-token-seconds", d.refreshTokenTtl()),
                        seconds(source, "oauth-refresh-grace-seconds", d.refreshGrace()))
                .withRegistrationLimits(count(source, "oauth-max-unused-registrations", d.maxUnusedRegistrations()),
                        count(source, "oauth-registrations-per-minute", d.registrationsPerAddressPerMinute()))
                .withPrivateMetadataHosts(allowPrivate);
    }

    private static final long MAX_LIFETIME_SECONDS = Duration.ofDays(3650).toSeconds();

    private static Duration seconds(SettingsSource source, String name, Duration fallback) {
        return source.get(name).map(v -> {
            long n = wholeNumber(name, v);
            if (n > MAX_LIFETIME_SECONDS) {
                throw new IllegalArgumentException("gatehouse " + name + " is too large (at most 10 years): " + n);
            }
            return Duration.ofSeconds(n);
        }).orElse(fallback);
    }

    private static int count(SettingsSource source, String name, int fallback) {
        long n = source.get(name).map(v -> wholeNumber(name, v)).orElse((long) fallback);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("gatehouse " + name + " is too large: " + n);
        }
        return (int) n;
    }

    /**
     * The upstream circuit breaker's settings {@code circuit-failures} (failures in a row that open a
     * server's circuit) and {@code circuit-open-seconds} (how long it stays open), each defaulting to
     * {@link CircuitBreaker.Settings#defaults()}; a bad value fails the start with a clear message.
     */
    public static CircuitBreaker.Settings circuitSettings(SettingsSource source) {
        CircuitBreaker.Settings defaults = CircuitBreaker.Settings.defaults();
        long failures = source.get("circuit-failures").map(v -> wholeNumber("circuit-failures", v))
                .orElse((long) defaults.failureThreshold());
        long openSeconds = source.get("circuit-open-seconds").map(v -> wholeNumber("circuit-open-seconds", v))
                .orElse(defaults.openFor().toSeconds());
        if (failures < 1 || failures > Integer.MAX_VALUE || openSeconds < 1) {
            throw new IllegalArgumentException("gatehouse circuit-failures and circuit-open-seconds must be at least 1");
        }
        return new CircuitBreaker.Settings((int) failures, Duration.ofSeconds(openSeconds));
    }

    private static long positive(SettingsSource source, String name, long fallback) {
        long n = source.get(name).map(v -> wholeNumber(name, v)).orElse(fallback);
        if (n < 1) {
            throw new IllegalArgumentException("gatehouse " + name + " must be at least 1: " + n);
        }
        return n;
    }

    private static long wholeNumber(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("gatehouse " + name + " is not a whole number: " + value);
        }
    }

    public GatehouseSettings settings() { return settings; }
    public Clock clock() { return clock; }
    public JpaGatewayCatalog catalog() { return catalog; }
    /** The upstream identities (docs/upstream-identity.md). */
    public dev.gatehouse.core.identity.IdentityStore identities() { return identities; }
    /** Revokes a deleted OAuth identity's tokens at the upstream (RFC 7009), off the caller's thread. */
    public java.util.function.Consumer<dev.gatehouse.core.identity.IdentityStore.Deleted> upstreamRevocation() {
        return upstreamRevoker;
    }

    /**
     * The SSRF guard of Gatehouse as the OAuth client of upstreams (discovery, registration, tokens, revocation):
     * non-public addresses are refused unless {@code upstream-oauth-allow-private-hosts} is true (an authorization
     * server on the internal network, tests).
     */
    public dev.gatehouse.core.net.OutboundHttp upstreamOAuthHttp() { return upstreamOAuthHttp; }

    static boolean upstreamOAuthAllowPrivate(SettingsSource source) {
        return source.get("upstream-oauth-allow-private-hosts").map(v -> Boolean.parseBoolean(v.strip())).orElse(false);
    }

    /** Gatehouse as the OAuth client of upstreams: sign-ins, refresh (docs/upstream-identity.md). */
    public dev.gatehouse.core.identity.UpstreamOAuth upstreamOAuth() { return upstreamOAuth; }

    /** Gives a request's {@code per-user} servers the identity of the token's user. */
    public dev.gatehouse.core.identity.IdentityResolver identityResolver() { return identityResolver; }
    public HostDirectory hosts() { return hosts; }
    public ConnectionRegistry connections() { return connections; }
    public TokenAuthenticator authenticator() { return authenticator; }

    /** Writes the tokens' pending last-used times now, rather than at the next periodic flush. */
    public void recordLastUse() { lastUsed.flush(); }
    public AuditLog audit() { return audit.log(); }
    /** How far the audit table is behind this node's journal (nothing in {@code database} durability). */
    public AuditLag auditLag() { return audit.lag(); }
    /** This node's audit journal, when it keeps one: verification reads it beside the table. */
    public java.util.Optional<dev.gatehouse.core.audit.journal.AuditJournal> auditJournal() { return audit.journal(); }
    /** Where this node's threads come from: the container's managed thread factory, or plain threads. */
    public NodeThreads threads() { return threads; }
    /** The audit log read as calls, one row per tools/call, paged by cursor. */
    public dev.gatehouse.core.calls.CallLog calls() {
        return new dev.gatehouse.core.calls.CallLog(transactions);
    }
    /** The dashboard's figures, aggregated by the database from the audit table. */
    public dev.gatehouse.core.statistics.AuditStatistics statistics() {
        return new dev.gatehouse.core.statistics.AuditStatistics(transactions);
    }
    /** The one HTTP client of this node towards upstream MCP servers. */
    public UpstreamClient upstream() { return upstream; }
    /** This node's upstream sessions for clients that bring none (one per connection and server), and its own. */
    public UpstreamSessions upstreamSessions() { return upstreamSessions; }
    /** Gatehouse-issued MCP sessions, shared by every node through the database. */
    public McpSessionStore sessions() { return sessions; }
    /** The upstream leg of each message: the session's own upstream sessions, or the node's shared ones. */
    public SessionUpstreams sessionUpstreams() { return sessionUpstreams; }
    /** Gatehouse's own SSE event ids, sealed under a key every node of the cluster derives alike. */
    public EventIds eventIds() { return eventIds; }
    /** Rules, rate limits, tool quarantine and human approval. */
    public Governance governance() { return governance; }
    /**
     * The one revocation signal: every path that ends a credential raises it inside its transaction
     * ({@link Revocations#raise}); every node learns of it within a poll.
     */
    public Revocations revocations() { return revocations; }
    /** What this node holds open per credential, cut when the credential ends. */
    public CredentialWatch credentials() { return credentials; }
    /** Gatehouse's own authorization server for interactive (OAuth) hosts. */
    public AuthorizationServer oauth() { return oauth; }

    /** The admin sign-in's brute-force protection and failure audit, shared by the console and the API. */
    public SignInGuard signIns() { return signIns; }

    /** Console users kept in the database (the embedded launcher's realm; unused in an application server). */
    public dev.gatehouse.core.users.ConsoleUsers consoleUsers() { return consoleUsers; }

    /** Which console user each single sign-on account signs on as (bound by the provider's subject). */
    public dev.gatehouse.core.users.SignOnSubjects signOnSubjects() { return signOnSubjects; }
    /** Refusals of the MCP gate per client address: recorded in full or counted, and throttled (issue 14). */
    public dev.gatehouse.core.audit.RefusalBook refusals() { return refusals; }

    private void flushRefusals() {
        try {
            refusals.flush(RefusalSummaries::record);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "counted refusals could not be summarised: " + e);
        }
    }
    /** Alerts to an admin's webhook and by e-mail: calls waiting for approval, quarantined tools, opened circuits, spikes. */
    public dev.gatehouse.core.alert.Alerts alerts() { return alerts; }

    /** Usage per host, user, gateway and tool over a period, from the audit trail. */
    public dev.gatehouse.core.report.UsageReport usage() { return new dev.gatehouse.core.report.UsageReport(transactions); }

    /** Audit retention: policies, archive and delete, archive checks. */
    public dev.gatehouse.core.retention.Retention retention() {
        return new dev.gatehouse.core.retention.Retention(transactions, AuditKeys.of(settings), clock, SettingsSource.system());
    }

    /** Scheduled retention: when the policies run by themselves, one node at a time. */
    public dev.gatehouse.core.retention.RetentionSchedule retentionSchedule() {
        return retentionSchedule;
    }

    /** How often each node looks whether a scheduled retention run is due ({@code retention-check-seconds}, 60). */
    private static long retentionCheckSeconds(SettingsSource source) {
        long seconds = source.get("retention-check-seconds").map(v -> wholeNumber("retention-check-seconds", v)).orElse(60L);
        if (seconds < 1) {
            throw new IllegalArgumentException("gatehouse retention-check-seconds must be at least 1: " + seconds);
        }
        return seconds;
    }

    /** Audit streaming to SIEMs: the configured sinks and how each is doing on this node. */
    public dev.gatehouse.core.siem.AuditStreaming streaming() { return streaming; }

    /** This node's circuit breaker for upstream servers: one circuit per server, from this node's own calls. */
    public CircuitBreaker circuits() { return circuits; }

    /**
     * The metrics of this node, and the API to add instruments of your own (docs/operations.md): read out at
     * {@code /gatehouse/metrics} when enabled, pushed over OTLP when configured.
     */
    public GatehouseMetrics metrics() { return telemetry.metrics(); }

    /** This node's OpenTelemetry SDK, its settings and the MCP endpoint's instruments. */
    public Telemetry telemetry() { return telemetry; }

    /** The named liveness and readiness checks; register your own at start ({@link HealthChecks}). */
    public HealthChecks health() { return health; }

    /** True when the database answers a trivial read, for readiness probes. */
    public boolean databaseReachable() {
        try {
            return transactions.read(em -> em.createNativeQuery("SELECT 1").getSingleResult() != null);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs work in one database transaction (for seeding and maintenance). */
    public <T> T inTransaction(Function<jakarta.persistence.EntityManager, T> work) {
        return transactions.inTransaction(work);
    }

    @Override
    public void close() {
        try {
            upstreamSessions.closeAll().get(UPSTREAM_GOODBYE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // best effort: an upstream that does not answer keeps the session until it expires there
        }
        revocations.close();
        governance.close();
        upstream.close();
        background.shutdownNow();
        lastUsed.flush();
        audit.log().close();
        alerts.close();
        streaming.close(); // what it had not confirmed goes out again after the next start, from the cursors
        telemetry.close();
        onClose.run();
    }
}
