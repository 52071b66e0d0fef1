package dev.gatehouse.core.upstream;

/**
 * An upstream's {@code text/event-stream} reply, read as it arrives. Nothing is read until
 * {@link #open}; each event is delivered once the previous one has been handled, so a slow client
 * slows the upstream read rather than filling memory.
 */
public interface EventStream {
    /** Starts delivering events to the listener; call once. */
    void open(Listener listener);

    /** Stops reading and closes the upstream exchange; the listener hears {@link End#CANCELLED}. */
    void cancel();

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
