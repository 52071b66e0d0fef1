package dev.gatehouse.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.gatehouse.core.upstream.EventStream.End;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One session on a server of the 2024-11-05 HTTP+SSE transport (MCP 2024-11-05, "Transports", HTTP with SSE):
 * the GET stream the gateway holds open, the message endpoint its first {@code endpoint} event announced, and
 * the calls waiting for their answers on that stream. Each message of the stream goes where streamable HTTP
 * would have sent it: an answer to its call (by id), progress to the call that asked for it (by token), a
 * server request to the oldest call still waiting, any other notification to the session's listen stream
 * (else the oldest call); what nobody can take is held for the next listen stream, at most {@link #HELD}.
 */
final class LegacySseSession implements EventStream.Listener {
    private static final Logger LOG = Logger.getLogger(LegacySseSession.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int HELD = 256;

    /** A call waiting for its answer. */
    private record Call(QueuedEventStream stream, String progressToken) {
    }

    final String id;
    private final URI serverUrl;
    private final Executor workers;
    private final Consumer<LegacySseSession> ended;
    private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
    private final Map<String, Call> calls = new LinkedHashMap<>();
    private final Deque<SseEvent> held = new ArrayDeque<>();
    private QueuedEventStream listener;
    private EventStream stream;
    private boolean closed;

    LegacySseSession(String id, URI serverUrl, Executor workers, Consumer<LegacySseSession> ended) {
        this.id = id;
        this.serverUrl = serverUrl;
        this.workers = workers;
        this.ended = ended;
    }

    /** Starts reading the session's GET stream. */
    void attach(EventStream events) {
        synchronized (this) {
            stream = events;
        }
        events.open(this);
    }

    /** The message endpoint, once announced; fails if the stream ends first or announces another origin. */
    CompletableFuture<URI> endpoint() {
        return endpoint;
    }

    /**
     * Registers a call before it is posted (its answer may arrive before the POST's 202): its events and end.
     * Null when the session has ended.
     */
    QueuedEventStream expect(JsonNode requestId, String progressToken, Deadlines deadlines, Duration readTimeout) {
        String key = key(requestId);
        Deadlines.Deadline[] timeout = new Deadlines.Deadline[1];
        QueuedEventStream s = new QueuedEventStream(workers, () -> {
            forget(key);
            if (timeout[0] != null) {
                timeout[0].cancel();
            }
        });
        synchronized (this) {
            if (closed) {
                return null;
            }
            calls.put(key, new Call(s, progressToken));
        }
        timeout[0] = deadlines.after(readTimeout, () -> s.finish(End.TIMEOUT));
        return s;
    }

    /** Forgets a call whose POST failed: its answer will not come. */
    void abandon(JsonNode requestId) {
        forget(key(requestId));
    }

    /** The session's listen stream with what was held for it; null when one is open or the session ended. */
    synchronized QueuedEventStream listen() {
        if (closed || listener != null && !listener.ended()) {
            return null;
        }
        QueuedEventStream l = new QueuedEventStream(workers, this::unlisten);
        listener = l;
        while (!held.isEmpty()) {
            l.push(held.removeFirst());
        }
        return l;
    }

    /** Ends the session: the GET stream closes, waiting calls fail, the listen stream ends. */
    void close() {
        EventStream s;
        synchronized (this) {
            s = stream;
        }
        if (s != null) {
            s.cancel(); // onEnd follows
        } else {
            onEnd(End.CANCELLED);
        }
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public boolean onEvent(SseEvent event) {
        if ("endpoint".equals(event.event())) {
            announced(event.data().strip());
            return true;
        }
        if (event.event() != null && !"message".equals(event.event())) {
            return true; // a type the transport does not define: ignored
        }
        JsonNode m;
        try {
            m = JSON.readTree(event.data());
        } catch (Exception e) {
            LOG.warning(() -> "upstream " + serverUrl + " sent an event that is not JSON on its SSE stream; dropped");
            return true;
        }
        route(m, SseEvent.message(event.data()));
        return true;
    }

    @Override
    public void onEnd(End end) {
        List<Call> failed;
        QueuedEventStream l;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            failed = new ArrayList<>(calls.values());
            calls.clear();
            l = listener;
            listener = null;
        }
        endpoint.completeExceptionally(new IllegalStateException("the SSE stream ended before announcing its endpoint"));
        for (Call c : failed) {
            c.stream().finish(end == End.CANCELLED ? End.CANCELLED : End.FAILED);
        }
        if (l != null) {
            l.finish(End.COMPLETE);
        }
        ended.accept(this);
    }

    private void announced(String uri) {
        try {
            URI resolved = serverUrl.resolve(uri);
            if (!sameOrigin(serverUrl, resolved)) {
                // the server's credential goes with every POST: never to another origin than the one registered
                LOG.warning(() -> "upstream " + serverUrl + " announced a message endpoint on another origin; session refused");
                endpoint.completeExceptionally(new IllegalStateException("endpoint on another origin"));
                close();
                return;
            }
            endpoint.complete(resolved);
        } catch (IllegalArgumentException e) {
            endpoint.completeExceptionally(e);
            close();
        }
    }

    private void route(JsonNode m, SseEvent event) {
        boolean answer = !m.has("method") && m.has("id");
        QueuedEventStream to = null;
        synchronized (this) {
            if (answer) {
                Call c = calls.remove(key(m.get("id")));
                if (c == null) {
                    return; // its caller gave up (cancelled, timed out)
                }
                c.stream().push(event);
                c.stream().finish(End.COMPLETE);
                return;
            }
            String method = m.path("method").asText();
            if ("notifications/progress".equals(method)) {
                String token = m.path("params").path("progressToken").toString();
                to = calls.values().stream().filter(c -> token.equals(c.progressToken())).map(Call::stream)
                        .findFirst().orElse(null);
            }
            QueuedEventStream oldest = calls.values().stream().map(Call::stream).findFirst().orElse(null);
            QueuedEventStream listening = listener != null && !listener.ended() ? listener : null;
            if (to == null) {
                to = m.has("id") ? (oldest != null ? oldest : listening) : (listening != null ? listening : oldest);
            }
            if (to == null) {
                if (held.size() == HELD) {
                    held.removeFirst();
                }
                held.addLast(event);
                return;
            }
        }
        to.push(event);
    }

    private synchronized void forget(String key) {
        calls.remove(key);
    }

    private synchronized void unlisten() {
        if (listener != null && listener.ended()) {
            listener = null;
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** A JSON-RPC id as JSON text ({@code 7} and {@code "7"} differ). */
    static String key(JsonNode id) {
        return id == null ? "null" : id.toString();
    }
}
