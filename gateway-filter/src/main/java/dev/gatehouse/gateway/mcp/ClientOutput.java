package dev.gatehouse.gateway.mcp;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The bytes on their way to one client, written without ever blocking a thread on the client's socket (Servlet
 * non-blocking output: a {@link WriteListener} set once the asynchronous exchange starts). Writes are queued in
 * order and drained while the container says the output is ready ({@link ServletOutputStream#isReady}), by
 * whichever thread finds the output idle: the one that queued, or the container's when the client took what was
 * pending ({@link #writePossible}). No write happens under a lock: the queue's own is held only to take the next
 * bytes. The exchange completes once the queue is out ({@link #end}); a client that is gone is disconnected at
 * once, and one that has not taken the queue within the limits' grace after the exchange is {@link #cut} is
 * disconnected then (Jetty aborts a connection whose exchange completes while a write is still pending).
 * <p>The queue is bounded softly by the limits' backlog: over it, {@link #backlog} hands the relay a stage that
 * completes once the queue is out, so it can stop reading its upstream meanwhile or cut the client.
 */
final class ClientOutput {
    private static final System.Logger LOG = System.getLogger(ClientOutput.class.getName());
    private static final byte[] NOTHING = new byte[0];
    private final AsyncContext async;
    private final ClientLimits limits;
    /** Runs work on a container thread (the end of a cut's grace: never on the timer's one thread). */
    private final Executor container;
    /** Runs once when the client is found gone (a failed write, or the container's error). */
    private final Runnable onGone;
    private final Runnable onCompleted;
    private ServletOutputStream out;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queued;
    /** A thread is writing; {@link #again}: someone asked for a drain meanwhile (more bytes, or writable again). */
    private boolean draining;
    private boolean again;
    /** Only the draining thread: bytes written since the last flush (an event must reach the client now). */
    private boolean flushDue;
    /** Only the draining thread: the last flush's outcome was checked (see {@link #writeOut}). */
    private boolean flushChecked = true;
    /** A whole reply of known length: the container sends it at once, no flush. */
    private boolean sized;
    private boolean ending;
    private boolean completed;
    private boolean failed;
    /** Completed once the queue is out again (or the exchange is over); null while within the bound. */
    private CompletableFuture<Void> drained;
    /** The end of a cut's grace, once set (cancelled when the exchange completes first). */
    private ScheduledFuture<?> graceEnd;
    /** The grace ended while a thread was draining: that thread drops the rest and completes, once its write returns. */
    private boolean abortDue;

    /**
     * @param container   runs work on a container thread
     * @param onCompleted runs once the exchange completed
     */
    ClientOutput(AsyncContext async, ClientLimits limits, Executor container, Runnable onGone, Runnable onCompleted) {
        this.async = async;
        this.limits = limits;
        this.container = container;
        this.onGone = onGone;
        this.onCompleted = onCompleted;
    }

    /** Puts the output in non-blocking mode; the container calls {@code listener} back (its events come here). */
    void start(WriteListener listener) {
        try {
            ServletOutputStream stream = async.getResponse().getOutputStream();
            synchronized (this) {
                out = stream;
            }
            stream.setWriteListener(listener);
        } catch (IOException | IllegalStateException e) {
            failed(e);
        }
    }

    /** Queues bytes for the client (call {@link #drain} once out of the caller's lock); false once ending or gone. */
    synchronized boolean queue(byte[] bytes) {
        if (ending || failed) {
            return false;
        }
        queue.add(bytes);
        queued += bytes.length;
        return true;
    }

    /** Queues a whole reply whose length the headers already state. */
    synchronized boolean queueSized(byte[] bytes) {
        sized = true;
        return queue(bytes);
    }

    /** Bytes queued and not yet handed to the container. */
    synchronized long queued() {
        return queued;
    }

    /**
     * Null while what waits for the client is within the bound; else a stage that completes once it is all
     * handed to the container, or the exchange is over.
     */
    synchronized CompletableFuture<Void> backlog() {
        if (queued <= limits.backlogBytes() || failed || completed) {
            return null;
        }
        if (drained == null) {
            drained = new CompletableFuture<>();
        }
        return drained;
    }

    /** The container says the client can take more (the {@link WriteListener}'s call). */
    void writePossible() {
        drain();
    }

    /** Ends the exchange once the queue is out. */
    void end() {
        synchronized (this) {
            ending = true;
        }
        drain();
    }

    /**
     * Ends the exchange within the limits' grace: what is queued (the cut's own last message included) still goes
     * to a client that takes it by then, and the exchange completes as soon as it did; a client that has not (it
     * stopped reading, or reads too slowly) is disconnected when the grace ends and the rest dropped. Nothing waits
     * for the client meanwhile: the node's timer hands the disconnection to a container thread.
     */
    void cut() {
        synchronized (this) {
            ending = true;
        }
        drain();
        Duration grace = limits.cutGrace();
        synchronized (this) {
            if (completed || failed || graceEnd != null) {
                return;
            }
            if (!grace.isZero()) {
                try {
                    graceEnd = limits.timer().schedule(() -> container.execute(this::abort), grace.toMillis(),
                            TimeUnit.MILLISECONDS);
                    return;
                } catch (RejectedExecutionException e) {
                    // the node is stopping: no grace
                }
            }
        }
        abort();
    }

    /** A cut's grace ended with bytes still waiting for the client: it is disconnected, the rest dropped. */
    private void abort() {
        synchronized (this) {
            if (completed || failed) {
                return;
            }
            queue.clear();
            queued = 0;
            if (draining) {
                abortDue = true; // the draining thread completes once its write returns: never beside a write
                return;
            }
            completed = true;
        }
        LOG.log(System.Logger.Level.DEBUG, "a cut client that did not take its last bytes within the grace is disconnected");
        release();
        completeExchange();
    }

    /** The client is gone (a write failed, or the container reported an error): nothing more is written. */
    void failed(Throwable cause) {
        synchronized (this) {
            if (failed) {
                return;
            }
            failed = true;
            ending = true;
            queue.clear();
            queued = 0;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "client gone: " + cause);
        release();
        try {
            onGone.run();
        } finally {
            synchronized (this) {
                if (completed) {
                    return;
                }
                completed = true;
            }
            completeExchange();
        }
    }

    /** Writes what is queued for as long as the container takes it, then completes the exchange if it is ending. */
    void drain() {
        synchronized (this) {
            if (draining) {
                again = true;
                return;
            }
            if (completed || failed || out == null) {
                return;
            }
            draining = true;
        }
        while (true) {
            boolean stalledNow;
            try {
                stalledNow = writeOut();
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    draining = false;
                }
                failed(e);
                return;
            }
            boolean complete = false;
            CompletableFuture<Void> emptied = null;
            synchronized (this) {
                if (again && !completed && !failed && !abortDue) {
                    again = false;
                    continue;
                }
                draining = false;
                again = false;
                if (abortDue && !completed && !failed) {
                    emptied = drained;
                    drained = null;
                    completed = true;
                    complete = true;
                } else if (!stalledNow && queue.isEmpty()) {
                    emptied = drained;
                    drained = null;
                    if (ending && !completed && !failed) {
                        completed = true;
                        complete = true;
                    }
                }
            }
            if (emptied != null) {
                // its waiter reads on, here: a relay that fell behind again finds the output stalled and pauses, so
                // this never nests deeper than once
                emptied.complete(null);
            }
            if (complete) {
                completeExchange();
            }
            return;
        }
    }

    /** Hands the queue to the container while it is ready; true when it stopped taking bytes (stalled). */
    private boolean writeOut() throws IOException {
        while (true) {
            if (!out.isReady()) {
                return true;
            }
            byte[] next;
            boolean whole;
            synchronized (this) {
                if (completed || failed || abortDue) {
                    return false;
                }
                next = queue.poll();
                if (next != null) {
                    queued -= next.length;
                }
                whole = sized;
            }
            if (next == null) {
                if (flushDue) {
                    flushDue = false;
                    out.flush();
                    flushChecked = false;
                    continue;
                }
                if (!flushChecked) {
                    // a flush that failed at once (the client closed its connection) closed the output, and its
                    // error reaches the listener later, on another thread: a write of nothing says so now
                    flushChecked = true;
                    out.write(NOTHING, 0, 0);
                }
                return false;
            }
            out.write(next);
            flushDue = !whole;
        }
    }

    private void release() {
        CompletableFuture<Void> d;
        synchronized (this) {
            d = drained;
            drained = null;
        }
        if (d != null) {
            d.complete(null);
        }
    }

    private void completeExchange() {
        ScheduledFuture<?> grace;
        synchronized (this) {
            grace = graceEnd;
        }
        if (grace != null) {
            grace.cancel(false); // the node's timer forgets it at once
        }
        try {
            async.complete();
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "exchange already completed by the container");
        } finally {
            onCompleted.run();
        }
    }
}
