package dev.gatehouse.launcher.bridge;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The bridge's sessions, each with its own process, at most {@code maxSessions} at once; a session unused for
 * the idle timeout ends (its process stops), so sessions a client never ended do not hold the cap forever.
 */
final class BridgeSessions implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BridgeSessions.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<String> command;
    private final int maxSessions;
    private final Duration idleTimeout;
    private final Map<String, BridgeSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    BridgeSessions(List<String> command, int maxSessions, Duration idleTimeout) {
        this.command = command;
        this.maxSessions = maxSessions;
        this.idleTimeout = idleTimeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-bridge-timer");
            t.setDaemon(true);
            return t;
        });
        long sweep = Math.max(1, Math.min(60, idleTimeout.toSeconds() / 2));
        timer.scheduleWithFixedDelay(this::endIdle, sweep, sweep, TimeUnit.SECONDS);
    }

    /** A new session with its own process. */
    BridgeSession open() throws AtCapacity, IOException {
        synchronized (sessions) {
            if (sessions.size() >= maxSessions) {
                throw new AtCapacity(maxSessions);
            }
            String id = HexFormat.of().formatHex(randomBytes());
            BridgeSession s = BridgeSession.open(id, command, timer);
            sessions.put(id, s);
            LOG.info(() -> "bridge session " + s.shortId() + " opened (" + sessions.size() + " of " + maxSessions + ")");
            return s;
        }
    }

    Optional<BridgeSession> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
    }

    /** Ends a session (DELETE): false when it is unknown. */
    boolean end(String id) {
        BridgeSession s = id == null ? null : sessions.remove(id);
        if (s == null) {
            return false;
        }
        s.close();
        LOG.info(() -> "bridge session " + s.shortId() + " ended");
        return true;
    }

    int size() {
        return sessions.size();
    }

    private void endIdle() {
        sessions.values().stream().filter(s -> s.idleFor(idleTimeout)).map(s -> s.id).toList().forEach(id -> {
            LOG.info(() -> "bridge session " + id.substring(0, 8) + " idle for " + idleTimeout.toSeconds() + " s");
            end(id);
        });
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        List.copyOf(sessions.keySet()).forEach(this::end);
    }

    /** Refused: the bridge already runs its maximum number of sessions. */
    static final class AtCapacity extends Exception {
        AtCapacity(int max) {
            super("the bridge serves " + max + " sessions already (--max-sessions); end one or try later", null, false, false);
        }
    }
}
