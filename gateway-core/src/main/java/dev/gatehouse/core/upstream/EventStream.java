package dev.gatehouse.core.upstream;

import java.util.concurrent.CompletionStage;

/**
 * An upstream's {@code text/event-stream} reply, read as it arrives. Nothing is read until
 * {@link #open}; each event is delivered once the previous one has been handled, and a listener whose
 * client fell behind stops the read until it caught up ({@link #pauseUntil}), so a slow client slows the
 * upstream read rather than filling memory.
 */
public interface EventStream {
    /** Starts delivering events to the listener; call once. */
    void open(Listener listener);

    /** Stops reading and closes the upstream exchange; the listener hears {@link End#CANCELLED}. */
    void cancel();

    /**
     * Back-pressure: reads no more of the upstream (after the events of what was already read) until
     * {@code caughtUp} completes, then reads on. Returns false when this stream cannot stop reading, its events
     * being pushed by a reader that serves other streams too (the 2024-11-05 transport's one GET per session):
     * the caller then decides what to do with its slow client. It must not block: its caller is the thread that
     * delivers events, one of the node's few upstream readers, so a client that stopped reading would hold it.
     */
    boolean pauseUntil(CompletionStage<Void> caughtUp);

    /** Receives the events of one stream, one at a time. */
    interface Listener {
        /** Handles one event; returns false to hear no more of this stream (the rest is drained unseen). */
        boolean onEvent(SseEvent event);

        /** The stream ended; not called after {@link #onEvent} returned false. */
        void onEnd(End end);
    }

    /** How a stream ended. */
    enum End {
        /** The upstream closed the stream. */
        COMPLETE,
        /** The server's read timeout passed. */
        TIMEOUT,
        /** The connection broke, or an event exceeded the size bound. */
        FAILED,
        /** The gateway cancelled it (its client went away). */
        CANCELLED
    }
}
