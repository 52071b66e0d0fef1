package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.upstream.McpHeaders;
import dev.gatehouse.core.upstream.SseEvent;
import dev.gatehouse.gateway.web.JsonReply;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client's side of one asynchronous exchange: what goes to the client is queued in order and written
 * without blocking ({@link ClientOutput}), each event flushed as it goes out, and the exchange completes once,
 * after the queue is out (or at once when the client is gone; a client that has not taken the queue within a
 * cut's grace is disconnected then).
 * When the client goes away (a failed write, or the container reports an error), the registered hooks cancel
 * the upstream work. This leg's lock only orders what is queued (a check and its queueing are one step under
 * it); no thread ever waits on the client's socket, under it or anywhere.
 */
final class ClientLeg {
    private static final byte[] NOTHING = new byte[0];
    private final HttpServletResponse response;
    private final AcceptedTypes accept;
    private final ClientOutput output;
    private final List<Runnable> goneHooks = new CopyOnWriteArrayList<>();
    private final List<Runnable> overHooks = new CopyOnWriteArrayList<>();
    private final ContainerWork containerWork;
    private String sessionId;
    private volatile boolean streaming;
    /** A JSON answer's 200 was sent ahead, with whitespace, while a held call waited (see {@link #stillThere}). */
    private volatile boolean jsonOpen;
    /** Status and headers are fixed: bytes were queued, or an empty reply was set. */
    private boolean begun;
    /** The end was asked ({@link #complete} or {@link #cut}): nothing more is queued. */
    private volatile boolean ending;
    private volatile boolean gone;
    /** Counted as queued, under the lock; read without it, so an ending is recorded at once whatever the client reads. */
    private volatile long bytesOut;
    private long lastWrite = System.nanoTime();

    private ClientLeg(AsyncContext async, HttpServletResponse response, AcceptedTypes accept, ClientLimits limits) {
        this.response = response;
        this.accept = accept;
        this.containerWork = new ContainerWork(async);
        this.output = new ClientOutput(async, limits, containerWork::run, this::clientGone, containerWork::exchangeCompleted);
    }

    /**
     * Starts asynchronous processing with the output in non-blocking mode; {@code backstop} bounds it should
     * every deadline below fail, {@code limits} bound what may wait for the client ({@link #backlog}) and how
     * long a {@link #cut} exchange may still take to hand it its last bytes.
     */
    static ClientLeg start(HttpServletRequest request, HttpServletResponse response, AcceptedTypes accept, Duration backstop,
                           ClientLimits limits) {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(backstop.toMillis());
        ClientLeg leg = new ClientLeg(async, response, accept, limits);
        ClientLegEvents events = new ClientLegEvents(leg);
        async.addListener(events);
        leg.output.start(events);
        return leg;
    }

    AcceptedTypes accept() {
        return accept;
    }

    /**
     * Runs work on a container thread: continuations of the audit log's future must not write to a
     * client on the audit writer's own thread, or one slow client would stall every commit.
     */
    void dispatch(Runnable work) {
        containerWork.run(work);
    }

    /** Runs when the client is gone (immediately, if it already is). */
    void onGone(Runnable hook) {
        goneHooks.add(hook);
        if (gone) {
            hook.run();
        }
    }

    /** Runs once the exchange is over, completed or abandoned by the client (at once, if it already is). */
    void onOver(Runnable hook) {
        overHooks.add(hook);
        if (over()) {
            runOver();
        }
    }

    private void runOver() {
        for (Runnable hook : overHooks) {
            if (overHooks.remove(hook)) {
                hook.run(); // each hook once, whichever way the exchange ends first
            }
        }
    }

    /** The {@code Mcp-Session-Id} to relay with the reply (an upstream's answer to initialize). */
    synchronized void relaySessionId(String id) {
        this.sessionId = id;
    }

    boolean streaming() {
        return streaming;
    }

    long bytesOut() {
        return bytesOut;
    }

    /**
     * Null while what waits for the client is within the bound ({@link ClientLimits#BACKLOG_SETTING}); else a stage that
     * completes once the client took it (or the exchange is over): the relay stops reading its upstream until
     * then, or cuts a client it cannot wait for.
     */
    CompletableFuture<Void> backlog() {
        return output.backlog();
    }

    /** Bytes waiting for the client, not yet taken by the container (for the log line of a cut). */
    long waiting() {
        return output.queued();
    }

    /** Sets a response header, if the response is not committed yet (such as {@code Retry-After}). */
    synchronized void header(String name, String value) {
        if (accepting() && !begun && !response.isCommitted()) {
            response.setHeader(name, value);
        }
    }

    /** Queues one event, opening the event stream first if need be; false if the exchange is over. */
    boolean event(SseEvent event) {
        return event(event.wireBytes());
    }

    /** Queues one event already in wire form ({@link SseEvent#wireBytes}); false if the exchange is over. */
    boolean event(byte[] wire) {
        synchronized (this) {
            if (!queueEvent(wire)) {
                return false;
            }
        }
        output.drain();
        return true;
    }

    /**
     * Queues one relayed event unless the exchange's end was decided ({@code ended} set): the check and the
     * queueing are one step under this leg's lock, and the queue goes out in order. An end is decided first
     * and its last message queued after, under the same lock; so a relayed event is either written before that
     * message or not at all, whichever threads they ran on. Deciding needs no lock, and nothing under it waits
     * for the client, so a cut is never held up by a client that stopped reading. False if ended or over.
     */
    boolean eventUnless(AtomicBoolean ended, SseEvent event) {
        byte[] wire = event.wireBytes();
        synchronized (this) {
            if (ended.get() || !queueEvent(wire)) {
                return false;
            }
        }
        output.drain();
        return true;
    }

    /** Opens the event stream at once (200, headers flushed) before any event; false if the exchange is over. */
    boolean open() {
        return event(NOTHING);
    }

    /** Queues an SSE comment line (a keep-alive) on an open stream; false if the exchange is over. */
    boolean comment(String text) {
        synchronized (this) {
            if (!streaming || !queueEvent((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8))) {
                return false;
            }
        }
        output.drain();
        return true;
    }

    /**
     * Writes something harmless to learn whether the client is still there: a comment on an event stream
     * (opened if need be), or whitespace ahead of a JSON answer (JSON allows it; the 200 and the content
     * type are then sent at once, and a later error is a JSON-RPC error body under that 200). False once
     * the client is gone. A client that closed its connection is seen gone at the latest on the third write
     * after its close (see {@code GovernedCalls#afterHold}): a failed write is reported by the container.
     */
    boolean stillThere() {
        synchronized (this) {
            if (!accepting()) {
                return false;
            }
            if (accept.eventStream()) {
                queueEvent(": waiting\n\n".getBytes(StandardCharsets.UTF_8));
            } else {
                if (!jsonOpen) {
                    if (begun || response.isCommitted()) {
                        return true;
                    }
                    response.setStatus(200);
                    response.setContentType("application/json");
                    sessionHeader();
                    jsonOpen = true;
                }
                queue(new byte[] {' '});
            }
        }
        output.drain();
        return !gone;
    }

    /** True once the client has a status: an event stream, or a JSON answer begun by {@link #stillThere}. */
    boolean committed() {
        return streaming || jsonOpen;
    }

    /** True once the exchange's end was asked or the client left. */
    boolean over() {
        return ending || gone;
    }

    /** Nanoseconds since the last write to the client (or since the exchange started). */
    synchronized long idleNanos() {
        return System.nanoTime() - lastWrite;
    }

    /** Sends the final JSON-RPC message: as JSON when allowed and no stream is open, else as one more event. */
    void message(byte[] json) {
        synchronized (this) {
            if (!accepting()) {
                return;
            }
            if (streaming || !accept.json()) {
                queueEvent(SseEvent.message(new String(json, StandardCharsets.UTF_8)).wireBytes());
            } else if (jsonOpen) {
                queue(json);
            } else if (begun) {
                return;
            } else {
                sessionHeader();
                reply(200, json);
            }
        }
        output.drain();
    }

    /** Sends the gateway's own error: a JSON error reply, or an error event on an open stream. */
    void error(McpError error) {
        synchronized (this) {
            if (!accepting()) {
                return;
            }
            if (streaming) {
                queueEvent(SseEvent.message(new String(error.body(), StandardCharsets.UTF_8)).wireBytes());
            } else if (jsonOpen) {
                queue(error.body());
            } else if (begun || response.isCommitted()) {
                return;
            } else {
                reply(error.status(), error.body());
            }
        }
        output.drain();
    }

    /** Sends a status without a body (202 for a notification, 200 or 204 for DELETE). */
    synchronized void empty(int status) {
        if (accepting() && !begun && !response.isCommitted()) {
            response.setStatus(status);
            response.setContentLength(0);
            begun = true;
        }
    }

    /** Ends the exchange once what is queued went out; later writes are ignored. */
    void complete() {
        if (endAsked()) {
            output.end();
        }
    }

    /**
     * Ends the exchange now (a revocation, a client too slow): nothing more is queued; a client that takes what
     * is queued, its last message included, within the grace ({@link ClientLimits#GRACE_SETTING}) gets it, then
     * the end; one that does not (it stopped reading) is disconnected when the grace ends and the rest dropped.
     */
    void cut() {
        if (endAsked()) {
            output.cut();
        }
    }

    private boolean endAsked() {
        synchronized (this) {
            if (ending) {
                return false;
            }
            ending = true;
        }
        runOver();
        return true;
    }

    private boolean accepting() {
        return !ending && !gone;
    }

    /** Under the lock: queues an event, opening the stream first; false if the exchange is over. */
    private boolean queueEvent(byte[] wire) {
        if (!accepting()) {
            return false;
        }
        if (!streaming) {
            startStream();
        }
        return queue(wire);
    }

    private boolean queue(byte[] bytes) {
        if (!output.queue(bytes)) {
            return false;
        }
        begun = true;
        bytesOut += bytes.length;
        lastWrite = System.nanoTime();
        return true;
    }

    /** A whole JSON reply: status, headers with its length, body. */
    private void reply(int status, byte[] body) {
        JsonReply.head(response, status, body.length);
        if (output.queueSized(body)) {
            begun = true;
            bytesOut += body.length;
            lastWrite = System.nanoTime();
        }
    }

    private void startStream() {
        response.setStatus(200);
        response.setContentType(McpHeaders.EVENT_STREAM);
        response.setHeader("Cache-Control", "no-cache");
        sessionHeader();
        streaming = true;
    }

    private void sessionHeader() {
        if (sessionId != null) {
            response.setHeader(McpHeaders.SESSION_ID, sessionId);
        }
    }

    /** The output found the client gone (a failed write, or the container's error on the output). */
    private void clientGone() {
        synchronized (this) {
            if (gone) {
                return;
            }
            gone = true;
        }
        goneHooks.forEach(Runnable::run);
        runOver();
    }

    /** The container can take more bytes for the client. */
    void writePossible() {
        output.writePossible();
    }

    /** The container reports an error on the exchange or its output: the client is gone. */
    void containerError(Throwable cause) {
        output.failed(cause);
    }

    /** The exchange outlived its backstop: the client gets a timeout error (if it takes it) and the exchange ends. */
    void backstopExpired() {
        error(McpError.timeout(JsonRpcId.NULL));
        cut();
        output.failed(new java.util.concurrent.TimeoutException("the exchange outlived its backstop"));
    }
}
