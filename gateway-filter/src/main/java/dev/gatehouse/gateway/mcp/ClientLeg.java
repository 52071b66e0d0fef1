package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.upstream.McpHeaders;
import dev.gatehouse.core.upstream.SseEvent;
import dev.gatehouse.gateway.web.JsonReply;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client's side of one asynchronous exchange: writes to the response are serialised, each event
 * is flushed as it is written, and the exchange completes once. When the client goes away (a failed
 * write, or the container reports an error), the registered hooks cancel the upstream work.
 */
final class ClientLeg {
    private static final System.Logger LOG = System.getLogger(ClientLeg.class.getName());
    private final AsyncContext async;
    private final HttpServletResponse response;
    private final AcceptedTypes accept;
    private final List<Runnable> goneHooks = new CopyOnWriteArrayList<>();
    private final List<Runnable> overHooks = new CopyOnWriteArrayList<>();
    private String sessionId;
    private volatile boolean streaming;
    /** A JSON answer's 200 was sent ahead, with whitespace, while a held call waited (see {@link #stillThere}). */
    private volatile boolean jsonOpen;
    private boolean completed;
    private volatile boolean gone;
    /** Written under the lock; read without it, so an ending is recorded while a write to a stalled client waits. */
    private volatile long bytesOut;
    private long lastWrite = System.nanoTime();

    private ClientLeg(AsyncContext async, HttpServletResponse response, AcceptedTypes accept) {
        this.async = async;
        this.response = response;
        this.accept = accept;
    }

    /** Starts asynchronous processing; {@code backstop} bounds it should every deadline below fail. */
    static ClientLeg start(HttpServletRequest request, HttpServletResponse response, AcceptedTypes accept, Duration backstop) {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(backstop.toMillis());
        ClientLeg leg = new ClientLeg(async, response, accept);
        async.addListener(new ClientLegEvents(leg));
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
        try {
            async.start(work);
        } catch (IllegalStateException e) {
            work.run(); // the exchange is already over: the work only finds nothing left to write
        }
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

    /** Sets a response header, if the response is not committed yet (such as {@code Retry-After}). */
    synchronized void header(String name, String value) {
        if (!gone && !completed && !response.isCommitted()) {
            response.setHeader(name, value);
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

    synchronized boolean streaming() {
        return streaming;
    }

    long bytesOut() {
        return bytesOut;
    }

    /** Writes and flushes one event, opening the event stream first if need be; false if the client is gone. */
    synchronized boolean event(SseEvent event) {
        return event(event.wireBytes());
    }

    /** Writes and flushes one event already in wire form ({@link SseEvent#wireBytes}); false if the client is gone. */
    synchronized boolean event(byte[] wire) {
        if (gone || completed) {
            return false;
        }
        if (!streaming) {
            startStream();
        }
        return write(wire);
    }

    /**
     * Writes one relayed event unless the exchange's end was decided ({@code ended} set): the check and the
     * write are one step under this leg's lock, like every write. An end is decided first and its last
     * message written after, under the same lock; so a relayed event is either written before that message
     * or not at all, whichever threads they ran on. Deciding needs no lock, so a cut is never held up by a
     * client that stopped reading. False if ended or the client is gone.
     */
    synchronized boolean eventUnless(AtomicBoolean ended, SseEvent event) {
        return !ended.get() && event(event);
    }

    /** Opens the event stream at once (200, headers flushed) before any event; false if the client is gone. */
    synchronized boolean open() {
        if (gone || completed) {
            return false;
        }
        if (!streaming) {
            startStream();
        }
        return write(new byte[0]);
    }

    /** Writes an SSE comment line (a keep-alive) on an open stream; false if the client is gone. */
    synchronized boolean comment(String text) {
        if (gone || completed || !streaming) {
            return false;
        }
        return write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes something harmless to learn whether the client is still there: a comment on an event stream
     * (opened if need be), or whitespace ahead of a JSON answer (JSON allows it; the 200 and the content
     * type are then sent at once, and a later error is a JSON-RPC error body under that 200). False once
     * the client is gone. A client that closed its connection is seen gone at the latest on the third write
     * after its close (see {@code GovernedCalls#afterHold}).
     */
    synchronized boolean stillThere() {
        if (gone || completed) {
            return false;
        }
        if (accept.eventStream()) {
            if (!streaming) {
                startStream();
            }
            return write(": waiting\n\n".getBytes(StandardCharsets.UTF_8));
        }
        if (!jsonOpen) {
            if (response.isCommitted()) {
                return true;
            }
            response.setStatus(200);
            response.setContentType("application/json");
            sessionHeader();
            jsonOpen = true;
        }
        return write(new byte[] {' '});
    }

    /** True once the client has a status: an event stream, or a JSON answer begun by {@link #stillThere}. */
    boolean committed() {
        return streaming || jsonOpen;
    }

    /** True once the exchange completed or the client left. */
    synchronized boolean over() {
        return completed || gone;
    }

    /** Nanoseconds since the last write to the client (or since the exchange started). */
    synchronized long idleNanos() {
        return System.nanoTime() - lastWrite;
    }

    /** Sends the final JSON-RPC message: as JSON when allowed and no stream is open, else as one more event. */
    synchronized void message(byte[] json) {
        if (streaming || !accept.json()) {
            event(SseEvent.message(new String(json, StandardCharsets.UTF_8)));
            return;
        }
        if (gone || completed) {
            return;
        }
        if (jsonOpen) {
            write(json);
            return;
        }
        sessionHeader();
        try {
            JsonReply.write(response, 200, json);
            bytesOut += json.length;
        } catch (IOException e) {
            markGone();
        }
    }

    /** Sends the gateway's own error: a JSON error reply, or an error event on an open stream. */
    synchronized void error(McpError error) {
        if (streaming) {
            event(SseEvent.message(new String(error.body(), StandardCharsets.UTF_8)));
            return;
        }
        if (jsonOpen && !gone && !completed) {
            write(error.body());
            return;
        }
        if (gone || completed || response.isCommitted()) {
            return;
        }
        try {
            byte[] body = error.body();
            JsonReply.write(response, error.status(), body);
            bytesOut += body.length;
        } catch (IOException e) {
            markGone();
        }
    }

    /** Sends a status without a body (202 for a notification, 200 or 204 for DELETE). */
    synchronized void empty(int status) {
        if (!gone && !completed && !response.isCommitted()) {
            response.setStatus(status);
            response.setContentLength(0);
        }
    }

    /** Ends the exchange; later writes are ignored. */
    synchronized void complete() {
        if (!completed) {
            completed = true;
            try {
                async.complete();
            } catch (IllegalStateException e) {
                LOG.log(System.Logger.Level.DEBUG, "exchange already completed by the container");
            }
            runOver();
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

    private boolean write(byte[] bytes) {
        try {
            OutputStream out = response.getOutputStream();
            out.write(bytes);
            out.flush();
            bytesOut += bytes.length;
            lastWrite = System.nanoTime();
            return true;
        } catch (IOException e) {
            markGone();
            return false;
        }
    }

    private void markGone() {
        if (!gone) {
            gone = true;
            goneHooks.forEach(Runnable::run);
            runOver();
        }
    }

    /** The container reports an error on the exchange: the client is gone. */
    void containerError() {
        markGone();
        complete();
    }

    /** The exchange outlived its backstop: the client gets a timeout error and the exchange ends. */
    void backstopExpired() {
        error(McpError.timeout(JsonRpcId.NULL));
        markGone();
        complete();
    }
}
