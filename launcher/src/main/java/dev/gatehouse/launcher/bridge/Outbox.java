package dev.gatehouse.launcher.bridge;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Messages waiting for one HTTP exchange to write them: a POST's reply (its event stream, or the one JSON answer)
 * or a session's GET listen stream. The stdio reader offers, the servlet thread that owns the exchange polls;
 * the queue is unbounded only in count of messages already produced by a process the bridge reads line by line.
 */
final class Outbox {
    /** One message to write; {@code last} ends the exchange (the call's answer, or the session's end). */
    record Out(String json, boolean last) {
    }

    private final BlockingQueue<Out> queue = new LinkedBlockingQueue<>();
    private final boolean events;
    private final String progressToken;

    Outbox(boolean events, String progressToken) {
        this.events = events;
        this.progressToken = progressToken;
    }

    /** True when the exchange is an event stream, so it can carry messages besides its answer. */
    boolean events() {
        return events;
    }

    /** The JSON text of the request's {@code _meta.progressToken}, or null. */
    String progressToken() {
        return progressToken;
    }

    void offer(String json) {
        queue.add(new Out(json, false));
    }

    void finish(String json) {
        queue.add(new Out(json, true));
    }

    /** The next message, or null after {@code wait}. */
    Out poll(Duration wait) throws InterruptedException {
        return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
