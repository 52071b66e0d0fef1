package dev.gatehouse.core.upstream;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * An event stream the gateway feeds itself: on the 2024-11-05 HTTP+SSE transport a call's answer and the
 * messages that concern it arrive on the session's one GET stream, not on the POST that sent the call
 * ({@link LegacySseSession} sorts them here). Events are handed to the listener in order on the workers,
 * one at a time; exactly one end reaches it, unless it stopped listening.
 */
final class QueuedEventStream implements EventStream {
    private final Executor workers;
    private final Runnable onFinish;
    private final ArrayDeque<SseEvent> queue = new ArrayDeque<>();
    private Listener listener;
    private End end;
    private boolean draining;
    private boolean finished;
    private boolean deaf;

    /** @param onFinish runs once, when the stream's end is decided (forget the call, drop its deadline) */
    QueuedEventStream(Executor workers, Runnable onFinish) {
        this.workers = workers;
        this.onFinish = onFinish;
    }

    /** Adds one event; ignored once the stream has ended. */
    void push(SseEvent event) {
        synchronized (this) {
            if (end != null) {
                return;
            }
            queue.add(event);
        }
        schedule();
    }

    /** Ends the stream after the events already pushed; the first end wins. */
    void finish(End how) {
        synchronized (this) {
            if (end != null) {
                return;
            }
            end = how;
        }
        onFinish.run();
        schedule();
    }

    /** True once an end was decided (the listener may still be hearing the last events). */
    synchronized boolean ended() {
        return end != null;
    }

    @Override
    public void open(Listener l) {
        synchronized (this) {
            if (listener != null) {
                throw new IllegalStateException("an event stream is opened once");
            }
            listener = l;
        }
        schedule();
    }

    @Override
    public void cancel() {
        synchronized (this) {
            if (end == null) {
                queue.clear(); // nobody wants what is still queued
            }
        }
        finish(End.CANCELLED);
    }

    /** Cannot pause: the session's one GET stream, which feeds every call of the session, is read on regardless. */
    @Override
    public boolean pauseUntil(java.util.concurrent.CompletionStage<Void> caughtUp) {
        return false;
    }

    private void schedule() {
        synchronized (this) {
            if (listener == null || draining || finished) {
                return;
            }
            draining = true;
        }
        try {
            workers.execute(this::drain);
        } catch (RejectedExecutionException e) { // the node is stopping
            drain();
        }
    }

    private void drain() {
        while (true) {
            SseEvent next;
            End ending = null;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    if (end == null || finished) {
                        draining = false;
                        return;
                    }
                    finished = true;
                    ending = end;
                }
            }
            if (ending != null) {
                if (!deaf) {
                    listener.onEnd(ending);
                }
                return;
            }
            if (!deaf && !listener.onEvent(next)) {
                deaf = true;
            }
        }
    }
}
