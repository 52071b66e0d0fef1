package dev.gatehouse.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.model.UpstreamServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * The 2024-11-05 HTTP+SSE transport as the gateway's client side (MCP 2024-11-05, "Transports"): a session is
 * a GET event stream on the server's URL whose first {@code endpoint} event names where to POST messages; every
 * answer and server message arrives on that stream. To the rest of the gateway it looks like streamable HTTP:
 * {@code initialize} opens a session under an id of Gatehouse's own ({@link #PREFIX}), a request's reply is an
 * event stream carrying its answer and what concerns it, notifications are acknowledged, the listen stream
 * carries the rest, and DELETE closes the GET stream. The stream lives on this node: another node (or this one
 * after a restart) answers 404 for the id, and the gateway opens a new session, as for any upstream that forgot one.
 */
final class LegacySseTransport implements AutoCloseable {
    /** Every session id this transport issues starts so: it routes a request by its id alone. */
    static final String PREFIX = "gatehouse-sse-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http;
    private final Deadlines deadlines;
    private final Executor workers;
    private final Executor senders;
    /** The request builder of {@link UpstreamClient}: URL, User-Agent and the server's credential. */
    private final BiFunction<UpstreamServer, URI, HttpRequest.Builder> base;
    private final Map<String, LegacySseSession> sessions = new ConcurrentHashMap<>();

    LegacySseTransport(HttpClient http, Deadlines deadlines, Executor workers, Executor senders,
                       BiFunction<UpstreamServer, URI, HttpRequest.Builder> base) {
        this.http = http;
        this.deadlines = deadlines;
        this.workers = workers;
        this.senders = senders;
        this.base = base;
    }

    static boolean owns(String sessionId) {
        return sessionId != null && sessionId.startsWith(PREFIX);
    }

    /** Sends one message: {@code initialize} without a session opens one; anything else goes to its session. */
    CompletableFuture<UpstreamResponse> post(UpstreamServer server, UpstreamRequest request) {
        JsonNode message;
        try {
            message = JSON.readTree(request.body());
        } catch (Exception e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            return done(new UpstreamResponse.Refused(400, "not one JSON-RPC message"));
        }
        JsonNode m = message;
        if (request.sessionId() == null) {
            if (!"initialize".equals(m.path("method").asText()) || !m.has("id")) {
                return done(new UpstreamResponse.Refused(400, "the HTTP+SSE transport needs a session: initialize first"));
            }
            return open(server).thenCompose(opened -> opened instanceof Opened o
                    ? send(server, o.session(), m, request)
                    : done(((Failed) opened).reply()));
        }
        LegacySseSession session = sessions.get(request.sessionId());
        if (session == null || session.closed()) {
            return done(new UpstreamResponse.Refused(404, "session not found"));
        }
        return send(server, session, m, request);
    }

    /** Closes the session's GET stream (its waiting calls fail); 404 when this node has no such session. */
    CompletableFuture<UpstreamResponse> delete(String sessionId) {
        LegacySseSession s = sessions.remove(sessionId);
        if (s == null) {
            return done(new UpstreamResponse.Refused(404, "session not found"));
        }
        s.close();
        return done(new UpstreamResponse.Empty(200, sessionId));
    }

    /** The session's messages that no call takes, as an event stream. */
    CompletableFuture<UpstreamResponse> listen(String sessionId) {
        LegacySseSession s = sessions.get(sessionId);
        if (s == null || s.closed()) {
            return done(new UpstreamResponse.Refused(404, "session not found"));
        }
        QueuedEventStream l = s.listen();
        return done(l == null ? new UpstreamResponse.Refused(409, "a listen stream is open already")
                : new UpstreamResponse.Stream(200, sessionId, l));
    }

    int sessions() {
        return sessions.size();
    }

    private sealed interface Opening permits Opened, Failed {
    }

    private record Opened(LegacySseSession session) implements Opening {
    }

    private record Failed(UpstreamResponse reply) implements Opening {
    }

    /** GET the server's URL, then wait (at most the server's read timeout) for its {@code endpoint} event. */
    private CompletableFuture<Opening> open(UpstreamServer server) {
        UpstreamExchange exchange = new UpstreamExchange(new byte[0]);
        HttpRequest get = base.apply(server, server.url()).header("Accept", McpHeaders.EVENT_STREAM)
                .method("GET", exchange.body()).build();
        return exchange.open(http, get, server.connectTimeout(), deadlines).thenCompose(reply -> {
            if (!(reply instanceof UpstreamResponse.Stream stream)) {
                return CompletableFuture.completedFuture(new Failed(reply instanceof UpstreamResponse.Json
                        || reply instanceof UpstreamResponse.Empty
                        ? new UpstreamResponse.Failed(UpstreamResponse.Failure.INVALID_REPLY) : reply));
            }
            String id = PREFIX + HexFormat.of().formatHex(randomBytes());
            LegacySseSession session = new LegacySseSession(id, server.url(), workers, s -> sessions.remove(s.id, s));
            sessions.put(id, session);
            session.attach(stream.events());
            Deadlines.Deadline late = deadlines.after(server.readTimeout(), () -> session.endpoint().completeExceptionally(
                    new IllegalStateException("no endpoint event")));
            return session.endpoint().handle((uri, error) -> {
                late.cancel();
                if (error != null) {
                    sessions.remove(id);
                    session.close();
                    return new Failed(new UpstreamResponse.Failed(UpstreamResponse.Failure.INVALID_REPLY));
                }
                return new Opened(session);
            });
        });
    }

    /**
     * POSTs to the session's endpoint. A request's reply is the stream its answer will arrive on (registered
     * before the POST: the answer may come first); it ends at the server's read timeout if no answer came.
     */
    private CompletableFuture<UpstreamResponse> send(UpstreamServer server, LegacySseSession session, JsonNode m,
                                                     UpstreamRequest message) {
        boolean request = m.hasNonNull("method") && m.has("id");
        QueuedEventStream answer = null;
        if (request) {
            JsonNode token = m.path("params").path("_meta").get("progressToken");
            answer = session.expect(m.get("id"), token == null ? null : token.toString(), deadlines, server.readTimeout());
            if (answer == null) {
                return done(new UpstreamResponse.Refused(404, "session not found"));
            }
        }
        QueuedEventStream reply = answer;
        // any 2xx acknowledges (servers answer 202 with a text body, or 200); the answer comes on the stream
        UpstreamExchange exchange = new UpstreamExchange(message.body(), true);
        HttpRequest.Builder post = base.apply(server, session.endpoint().join())
                .header("Content-Type", McpHeaders.APPLICATION_JSON).POST(exchange.body());
        if (message.traceparent() != null) {
            post.header("traceparent", message.traceparent()); // W3C Trace Context, as on streamable HTTP
        }
        return exchange.send(http, post.build(), server.connectTimeout(), server.readTimeout(), deadlines, senders).thenApply(r -> {
            if (r instanceof UpstreamResponse.Empty) {
                return reply != null ? new UpstreamResponse.Stream(200, session.id, reply)
                        : new UpstreamResponse.Empty(202, session.id);
            }
            if (reply != null) {
                session.abandon(m.get("id"));
            }
            if (r instanceof UpstreamResponse.Refused refused && refused.status() == 404) {
                sessions.remove(session.id, session); // the server forgot the session: so do we
                session.close();
            }
            return r;
        });
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private static CompletableFuture<UpstreamResponse> done(UpstreamResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public void close() {
        sessions.values().forEach(LegacySseSession::close);
        sessions.clear();
    }
}
