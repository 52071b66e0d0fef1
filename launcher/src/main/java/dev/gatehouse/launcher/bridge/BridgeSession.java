package dev.gatehouse.launcher.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * One MCP session of the bridge, served by its own child process: a stdio server has exactly one client
 * (MCP transports, "stdio"), so two HTTP sessions sharing a process would share its state (roots, log
 * level, subscriptions) and collide on request ids. Requests wait for their answer by id; what the server
 * sends on its own (notifications, and requests such as sampling, elicitation and roots/list) goes to the
 * POST stream it concerns (progress by its token; a server request to the oldest call still streaming) or
 * else the session's GET listen stream, held (up to {@link #HELD}) until one opens.
 *
 * <p>When the process dies, every call in flight is answered with a JSON-RPC error, and the process is
 * started again after a back-off (0.5 s doubling to 30 s while it keeps dying within a minute); the
 * client's {@code initialize} and {@code notifications/initialized} are replayed to it, so the session
 * continues without the client noticing more than the failed calls.
 */
final class BridgeSession {
    private static final Logger LOG = Logger.getLogger(BridgeSession.class.getName());
    /** Server messages kept for a listen stream that is not open yet; the oldest go first past this. */
    static final int HELD = 256;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A process that lived this long is healthy again: its next restart waits {@link #FIRST_BACKOFF}. */
    static final Duration STABLE = Duration.ofMinutes(1);
    /** How long a message waits for a restarting process before its call is answered with an error. */
    static final Duration READY_WAIT = Duration.ofSeconds(30);

    final String id;
    private final List<String> command;
    private final ScheduledExecutorService timer;

    private final Object lock = new Object();
    private final LinkedHashMap<String, Outbox> calls = new LinkedHashMap<>(); // in arrival order
    private final Deque<String> held = new ArrayDeque<>();
    private Outbox listener;
    private StdioChild child;
    private CompletableFuture<StdioChild> ready = new CompletableFuture<>();
    private long childStartedNanos;
    private int quickDeaths;
    private int restarts;
    private String initialize;
    private boolean initialized;
    private String replayKey;
    private boolean closed;
    private volatile long lastUsedNanos = System.nanoTime();

    private BridgeSession(String id, List<String> command, ScheduledExecutorService timer) {
        this.id = id;
        this.command = command;
        this.timer = timer;
    }

    /** Starts the session's process; an {@link IOException} when the command cannot be started. */
    static BridgeSession open(String id, List<String> command, ScheduledExecutorService timer) throws IOException {
        BridgeSession s = new BridgeSession(id, command, timer);
        synchronized (s.lock) {
            s.startChild();
            s.ready.complete(s.child);
        }
        return s;
    }

    /**
     * Sends a client request and returns where its answer (and, for an event stream, the messages that concern
     * it) arrives. A request whose id is already waiting is answered at once with an error.
     */
    Outbox request(ObjectNode message, boolean events) {
        touch();
        JsonNode id = message.get("id");
        JsonNode token = message.path("params").path("_meta").get("progressToken");
        Outbox out = new Outbox(events, token == null ? null : token.toString());
        String key = JsonRpc.key(id);
        String text = message.toString();
        synchronized (lock) {
            if (closed) {
                out.finish(JsonRpc.error(id, JsonRpc.BRIDGE_ERROR, "the session has ended"));
                return out;
            }
            if (calls.containsKey(key)) {
                out.finish(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "a request with this id is already in flight"));
                return out;
            }
            if ("initialize".equals(message.path("method").asText())) {
                initialize = text;
            }
            calls.put(key, out);
        }
        if (!deliver(text)) {
            Outbox failed;
            synchronized (lock) {
                failed = calls.remove(key);
            }
            if (failed != null) {
                failed.finish(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR,
                        "the stdio server is not running (it is being restarted); try again"));
            }
        }
        return out;
    }

    /** Sends a client notification or response (to a server request); false when the process is not running. */
    boolean forward(ObjectNode message) {
        touch();
        if ("notifications/initialized".equals(message.path("method").asText())) {
            synchronized (lock) {
                initialized = true;
            }
        }
        return deliver(message.toString());
    }

    /** Forgets a call whose client went away; its answer, if it comes, is dropped. */
    void abandon(JsonNode id) {
        synchronized (lock) {
            calls.remove(JsonRpc.key(id));
        }
    }

    /** Opens the session's listen stream, with the messages held for it; null when one is already open. */
    Outbox listen() {
        touch();
        synchronized (lock) {
            if (listener != null || closed) {
                return null;
            }
            listener = new Outbox(true, null);
            while (!held.isEmpty()) {
                listener.offer(held.removeFirst());
            }
            return listener;
        }
    }

    void unlisten(Outbox stream) {
        synchronized (lock) {
            if (listener == stream) {
                listener = null;
            }
        }
        touch();
    }

    /** True when nothing is in flight and the session was last used more than {@code idle} ago. */
    boolean idleFor(Duration idle) {
        synchronized (lock) {
            return calls.isEmpty() && listener == null && System.nanoTime() - lastUsedNanos > idle.toNanos();
        }
    }

    int pid() {
        synchronized (lock) {
            return child == null ? -1 : (int) child.pid();
        }
    }

    int restarts() {
        synchronized (lock) {
            return restarts;
        }
    }

    /** Ends the session: its calls get an error, its listen stream ends, its process stops. */
    void close() {
        StdioChild stopping;
        List<Map.Entry<String, Outbox>> open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = child;
            child = null;
            open = new ArrayList<>(calls.entrySet());
            calls.clear();
            if (listener != null) {
                listener.finish(null);
                listener = null;
            }
            ready.completeExceptionally(new IllegalStateException("session ended"));
        }
        for (Map.Entry<String, Outbox> e : open) {
            e.getValue().finish(JsonRpc.error(readId(e.getKey()), JsonRpc.BRIDGE_ERROR, "the session has ended"));
        }
        if (stopping != null) {
            stopping.stop(Duration.ofSeconds(5));
        }
    }

    private void touch() {
        lastUsedNanos = System.nanoTime();
    }

    /** Writes to the running process, waiting for a restart in progress. */
    private boolean deliver(String text) {
        CompletableFuture<StdioChild> current;
        synchronized (lock) {
            current = ready;
        }
        try {
            return current.get(READY_WAIT.toMillis(), TimeUnit.MILLISECONDS).send(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        }
    }

    // --- the process side: runs on the child's reader thread and the restart timer ---

    private void startChild() throws IOException {
        child = StdioChild.start(command, shortId(), this::fromServer, this::exited);
        childStartedNanos = System.nanoTime();
    }

    private void fromServer(StdioChild from, String line) {
        ObjectNode m = JsonRpc.parse(line);
        if (m == null) {
            LOG.warning(() -> from.label() + " wrote a line that is not a JSON-RPC message; dropped");
            return;
        }
        if (JsonRpc.isResponse(m)) {
            answered(from, m, line);
        } else {
            route(m, line);
        }
    }

    private void answered(StdioChild from, ObjectNode m, String line) {
        String key = JsonRpc.key(m.get("id"));
        Outbox out;
        synchronized (lock) {
            if (key.equals(replayKey)) {
                replayKey = null;
                replayed(from);
                return;
            }
            out = calls.remove(key);
        }
        if (out == null) {
            LOG.fine(() -> from.label() + " answered a call no client waits for (id " + key + ")");
        } else {
            out.finish(line);
        }
    }

    /** Progress to the stream that asked for it; a server request to the oldest streaming call; the rest to the listen stream. */
    private void route(ObjectNode m, String line) {
        boolean request = JsonRpc.isRequest(m);
        synchronized (lock) {
            Outbox to = null;
            if ("notifications/progress".equals(m.path("method").asText())) {
                String token = m.path("params").path("progressToken").toString();
                to = calls.values().stream().filter(o -> token.equals(o.progressToken())).findFirst().orElse(null);
            }
            Outbox streaming = calls.values().stream().filter(Outbox::events).findFirst().orElse(null);
            if (to == null) {
                to = request ? (streaming != null ? streaming : listener) : (listener != null ? listener : streaming);
            }
            if (to != null) {
                to.offer(line);
                return;
            }
            if (held.size() == HELD) {
                held.removeFirst();
                LOG.warning(() -> "bridge session " + shortId() + ": no listen stream for " + HELD
                        + " server messages; the oldest was dropped");
            }
            held.addLast(line);
        }
    }

    private void exited(StdioChild dead) {
        List<Map.Entry<String, Outbox>> failed;
        Duration delay;
        synchronized (lock) {
            if (dead != child || closed) {
                return;
            }
            child = null;
            ready = new CompletableFuture<>();
            replayKey = null;
            failed = new ArrayList<>(calls.entrySet());
            calls.clear();
            boolean quick = System.nanoTime() - childStartedNanos < STABLE.toNanos();
            quickDeaths = quick ? quickDeaths + 1 : 0;
            delay = backoff(quickDeaths);
        }
        String reason = "the stdio server process exited (code " + dead.exitCode()
                + ") before answering; the bridge restarts it";
        for (Map.Entry<String, Outbox> e : failed) {
            e.getValue().finish(JsonRpc.error(readId(e.getKey()), JsonRpc.INTERNAL_ERROR, reason));
        }
        LOG.warning(() -> dead.label() + " died with " + failed.size() + " call(s) in flight; restarting in "
                + delay.toMillis() + " ms");
        timer.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** 0.5 s, 1 s, 2 s, ... up to 30 s for each death within a minute of the start before it. */
    static Duration backoff(int quickDeaths) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(Math.max(quickDeaths - 1, 0), 16);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private void restart() {
        synchronized (lock) {
            if (closed || child != null) {
                return;
            }
            restarts++;
            try {
                startChild();
            } catch (IOException e) {
                LOG.warning("bridge session " + shortId() + ": cannot start " + command.get(0) + ": " + e.getMessage());
                quickDeaths++;
                timer.schedule(this::restart, backoff(quickDeaths).toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            if (initialize == null) {
                ready.complete(child);
                return;
            }
            // the new process knows nothing of the session: it gets the client's initialize again, under our own id
            ObjectNode replay = JsonRpc.parse(initialize);
            TextNode replayId = TextNode.valueOf("gatehouse-bridge-replay-" + restarts);
            replay.set("id", replayId);
            replayKey = JsonRpc.key(replayId);
            StdioChild fresh = child;
            if (!fresh.send(replay.toString())) {
                return; // it died already: exited() schedules the next attempt
            }
            timer.schedule(() -> replayTimedOut(fresh), READY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Called under the lock when the restarted process answered the replayed initialize. */
    private void replayed(StdioChild from) {
        if (from != child) {
            return;
        }
        if (initialized) {
            from.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }
        LOG.info(() -> from.label() + " restarted and initialized again for session " + shortId());
        ready.complete(from);
    }

    private void replayTimedOut(StdioChild fresh) {
        synchronized (lock) {
            if (fresh != child || ready.isDone()) {
                return;
            }
        }
        LOG.warning(() -> fresh.label() + " did not answer the replayed initialize in " + READY_WAIT.toSeconds()
                + " s; stopping it");
        fresh.stop(Duration.ofSeconds(2));
    }

    private static JsonNode readId(String key) {
        ObjectNode holder = JsonRpc.parse("{\"id\":" + key + "}");
        return holder == null ? null : holder.get("id");
    }

    String shortId() {
        return id.substring(0, 8);
    }
}
