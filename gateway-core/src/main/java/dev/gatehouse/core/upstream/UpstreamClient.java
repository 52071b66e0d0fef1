package dev.gatehouse.core.upstream;

import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.runtime.NodeThreads;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The gateway as an HTTP client of its upstream MCP servers: one shared client (pooled keep-alive
 * connections) for every server and request: Jetty's non-blocking {@code HttpClient} for the streamable HTTP
 * transport (the setting {@code upstream-http-client}, {@code jetty} by default, {@code jdk} for
 * {@code java.net.http}), {@code java.net.http} for the 2024-11-05 HTTP+SSE transport. Each request carries only what the gateway
 * chooses to send: the message, the MCP transport headers and the credential of the identity the request
 * uses (the server's shared one, or the token's user's own on a {@code per-user} assignment); the client's
 * {@code Authorization}, cookies and hop-by-hop headers never travel ({@link HeaderPolicy}). A request
 * without a usable identity for the server is never sent ({@link UpstreamResponse.NoIdentity}).
 */
public final class UpstreamClient implements AutoCloseable {
    /** This build's version, as the gateway names itself to upstreams. */
    public static final String VERSION = version();
    /** Sent upstream so operators can tell gateway traffic apart. */
    public static final String USER_AGENT = "Gatehouse/" + VERSION;
    static final String ACCEPT = McpHeaders.APPLICATION_JSON + ", " + McpHeaders.EVENT_STREAM;

    /** The default bound of each of the client's two pools (senders, readers): the setting {@code upstream-threads}. */
    public static final int DEFAULT_THREADS = 200;

    /** Which HTTP client carries the streamable HTTP transport: the setting {@code upstream-http-client}. */
    public enum HttpClientKind {
        /** Jetty 12's non-blocking client: no thread waits for an answer (the default, the faster). */
        JETTY,
        /** {@code java.net.http}: a sender thread waits in {@code send} for each exchange's headers. */
        JDK;

        /** The setting's value ({@code jetty} or {@code jdk}, any case). */
        public static HttpClientKind of(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "jetty" -> JETTY;
                case "jdk" -> JDK;
                default -> throw new IllegalArgumentException("upstream-http-client must be jetty or jdk, not " + value);
            };
        }
    }

    /** Threads that wait in {@code send} for an answer's headers (and a JSON body): one per exchange in flight. */
    private final ExecutorService senders;
    /** Threads that read bodies and relay events (the HTTP client's executor). */
    private final ExecutorService workers;
    /** One timer for every exchange's deadlines. */
    private final ScheduledExecutorService timers;
    private final Deadlines deadlines;
    private final HttpClient http;
    /** The streamable HTTP transport's client when it is Jetty's, else null ({@code java.net.http} carries it). */
    private final org.eclipse.jetty.client.HttpClient jetty;
    /** Sessions on servers of the 2024-11-05 HTTP+SSE transport, each a GET stream held by this node. */
    private final LegacySseTransport legacy;
    /** What each {@code auto} server was found to speak on this node (server id and URL). */
    private final Map<String, UpstreamServer.Transport> detected = new ConcurrentHashMap<>();

    /** A client on plain threads, {@link #DEFAULT_THREADS} per pool (tests, tools). */
    public UpstreamClient() {
        this(NodeThreads.plain(), DEFAULT_THREADS);
    }

    /** A client on the node's threads, each pool bounded to {@code maxThreads}. */
    public UpstreamClient(NodeThreads threads, int maxThreads) {
        this(threads, maxThreads, HttpClientKind.JETTY);
    }

    /** A client on the node's threads, each pool bounded to {@code maxThreads}, streamable HTTP on {@code kind}. */
    public UpstreamClient(NodeThreads threads, int maxThreads, HttpClientKind kind) {
        this.senders = threads.pool("gatehouse-upstream-send", maxThreads);
        this.workers = threads.pool("gatehouse-upstream", maxThreads);
        this.timers = threads.timer("gatehouse-upstream-deadlines");
        this.deadlines = new Deadlines(timers, workers);
        this.http = HttpClient.newBuilder()
                // MCP upstreams speak HTTP/1.1; no h2c upgrade attempt on each new connection
                .version(HttpClient.Version.HTTP_1_1)
                // a redirect would replay the gateway's upstream credential to another origin: relay, never follow
                .followRedirects(HttpClient.Redirect.NEVER)
                // our own threads deliver bodies, so a slow client write never stalls the client's selector;
                // not the senders' pool: a sender waits for work this pool does
                .executor(workers)
                // no cookie handler (the default): cookies set by an upstream must not be shared between clients
                // no connect timeout here: each server's own is enforced per exchange (UpstreamExchange)
                .build();
        this.jetty = kind == HttpClientKind.JETTY ? JettyUpstreamClient.start(workers, timers) : null;
        this.legacy = new LegacySseTransport(http, deadlines, workers, senders, (server, target) -> base(server, target, null, null));
    }

    /**
     * Sends one JSON-RPC message to the server's MCP endpoint, over the server's transport (for {@code auto},
     * the one it was found to speak). The future never completes exceptionally.
     */
    public CompletableFuture<UpstreamResponse> post(UpstreamServer server, UpstreamRequest request) {
        if (server.identityProblem().isPresent()) {
            return CompletableFuture.completedFuture(new UpstreamResponse.NoIdentity(server.identityProblem().get()));
        }
        UpstreamServer.Transport speaks = speaks(server);
        if (LegacySseTransport.owns(request.sessionId()) || speaks == UpstreamServer.Transport.SSE) {
            return legacy.post(server, request);
        }
        if (speaks == UpstreamServer.Transport.AUTO && request.sessionId() == null) {
            String key = detectionKey(server);
            return streamable(server, request).thenCompose(reply -> {
                if (reply instanceof UpstreamResponse.Refused r && r.status() >= 400 && r.status() < 500
                        && r.status() != 401 && r.status() != 403) {
                    detected.put(key, UpstreamServer.Transport.SSE); // MCP transports, "Backwards compatibility"
                    return legacy.post(server, request);
                }
                if (reply instanceof UpstreamResponse.Json || reply instanceof UpstreamResponse.Stream
                        || reply instanceof UpstreamResponse.Empty) {
                    detected.put(key, UpstreamServer.Transport.STREAMABLE_HTTP);
                }
                return CompletableFuture.completedFuture(reply);
            });
        }
        return streamable(server, request);
    }

    /** The transport to use with the server now: for {@code auto}, what it was found to speak, if known. */
    private UpstreamServer.Transport speaks(UpstreamServer server) {
        return server.transport() == UpstreamServer.Transport.AUTO
                ? detected.getOrDefault(detectionKey(server), UpstreamServer.Transport.AUTO) : server.transport();
    }

    private static String detectionKey(UpstreamServer server) {
        return server.serverId() + " " + server.url();
    }

    private CompletableFuture<UpstreamResponse> streamable(UpstreamServer server, UpstreamRequest request) {
        if (jetty != null) {
            org.eclipse.jetty.client.Request r = JettyUpstreamClient.request(jetty, server, request.sessionId(),
                            request.protocolVersion(), credential(server))
                    .method("POST")
                    .body(new org.eclipse.jetty.client.BytesRequestContent(McpHeaders.APPLICATION_JSON, request.body()))
                    .headers(h -> {
                        h.put("Accept", ACCEPT);
                        if (request.lastEventId() != null) {
                            h.put(McpHeaders.LAST_EVENT_ID, request.lastEventId());
                        }
                        if (request.traceparent() != null) {
                            h.put("traceparent", request.traceparent());
                        }
                    });
            return JettyExchange.send(r, server.connectTimeout(), server.readTimeout(), deadlines);
        }
        UpstreamExchange exchange = new UpstreamExchange(request.body());
        HttpRequest.Builder b = base(server, request.sessionId(), request.protocolVersion())
                .header("Content-Type", McpHeaders.APPLICATION_JSON)
                .header("Accept", ACCEPT)
                .POST(exchange.body());
        if (request.lastEventId() != null) {
            b.header(McpHeaders.LAST_EVENT_ID, request.lastEventId());
        }
        if (request.traceparent() != null) {
            b.header("traceparent", request.traceparent()); // W3C Trace Context: the upstream's span is our span's child
        }
        return exchange.send(http, b.build(), server.connectTimeout(), server.readTimeout(), deadlines, senders);
    }

    /** Ends a session at the server (MCP transport: DELETE with {@code Mcp-Session-Id}). */
    public CompletableFuture<UpstreamResponse> delete(UpstreamServer server, String sessionId, String protocolVersion) {
        if (server.identityProblem().isPresent()) {
            return CompletableFuture.completedFuture(new UpstreamResponse.NoIdentity(server.identityProblem().get()));
        }
        if (LegacySseTransport.owns(sessionId)) {
            return legacy.delete(sessionId);
        }
        if (jetty != null) {
            return JettyExchange.send(JettyUpstreamClient.request(jetty, server, sessionId, protocolVersion, credential(server))
                    .method("DELETE"), server.connectTimeout(), server.readTimeout(), deadlines);
        }
        UpstreamExchange exchange = new UpstreamExchange(new byte[0]);
        HttpRequest request = base(server, sessionId, protocolVersion).method("DELETE", exchange.body()).build();
        return exchange.send(http, request, server.connectTimeout(), server.readTimeout(), deadlines, senders);
    }

    /**
     * Opens the server's listen stream for a session (MCP transport: GET accepting an event stream),
     * optionally resuming after {@code lastEventId}. No read deadline applies; the caller cancels it:
     * the stream once open, or the returned future before (which aborts the request; an upstream may send
     * no headers until its first message).
     */
    public CompletableFuture<UpstreamResponse> listen(UpstreamServer server, String sessionId, String protocolVersion,
                                                      String lastEventId) {
        if (server.identityProblem().isPresent()) {
            return CompletableFuture.completedFuture(new UpstreamResponse.NoIdentity(server.identityProblem().get()));
        }
        if (LegacySseTransport.owns(sessionId)) {
            return legacy.listen(sessionId);
        }
        if (jetty != null) {
            org.eclipse.jetty.client.Request r = JettyUpstreamClient.request(jetty, server, sessionId, protocolVersion,
                    credential(server)).method("GET").headers(h -> {
                        h.put("Accept", McpHeaders.EVENT_STREAM);
                        if (lastEventId != null) {
                            h.put(McpHeaders.LAST_EVENT_ID, lastEventId);
                        }
                    });
            return JettyExchange.send(r, server.connectTimeout(), null, deadlines);
        }
        UpstreamExchange exchange = new UpstreamExchange(new byte[0]);
        HttpRequest.Builder b = base(server, sessionId, protocolVersion).header("Accept", McpHeaders.EVENT_STREAM)
                .method("GET", exchange.body());
        if (lastEventId != null) {
            b.header(McpHeaders.LAST_EVENT_ID, lastEventId);
        }
        return exchange.open(http, b.build(), server.connectTimeout(), deadlines);
    }

    private static HttpRequest.Builder base(UpstreamServer server, String sessionId, String protocolVersion) {
        return base(server, server.url(), sessionId, protocolVersion);
    }

    private static HttpRequest.Builder base(UpstreamServer server, URI target, String sessionId, String protocolVersion) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target).header("User-Agent", USER_AGENT);
        if (sessionId != null) {
            b.header(McpHeaders.SESSION_ID, sessionId);
        }
        if (protocolVersion != null) {
            b.header(McpHeaders.PROTOCOL_VERSION, protocolVersion);
        }
        credential(server).ifPresent(c -> b.header(c.headerName(), c.value()));
        return b;
    }

    /** The server's credential header to send, if it has one the header policy allows. */
    private static java.util.Optional<UpstreamServer.Credential> credential(UpstreamServer server) {
        return server.credential().filter(c -> HeaderPolicy.credentialHeaderAllowed(c.headerName()));
    }

    @Override
    public void close() {
        if (jetty != null) {
            JettyUpstreamClient.stop(jetty);
        }
        legacy.close();
        deadlines.close();
        timers.shutdownNow();
        senders.shutdownNow();
        workers.shutdownNow();
    }

    private static String version() {
        String v = UpstreamClient.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
