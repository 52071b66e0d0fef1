package dev.gatehouse.core.upstream;

import org.eclipse.jetty.io.Content;

import java.util.concurrent.CompletionStage;

/**
 * An upstream's event stream on Jetty's client, read one chunk at a time and only as fast as the listener
 * handles the events: the next chunk is demanded once the previous one's events were delivered, and not at
 * all while the listener's client catches up ({@link #pauseUntil}), so a slow client slows the upstream read
 * (TCP's own flow control then holds the server) instead of filling memory. Nothing is read before {@link #open}. Exactly
 * one terminal signal reaches the listener, whoever ends the stream first (the upstream, the deadline, a
 * broken connection or the gateway cancelling it).
 */
final class JettyEventStream implements EventStream {
    private final UpstreamResponse.Stream response;
    private final SseDecoder decoder;
    private final Runnable onFinish;
    private final Runnable abort;
    private Content.Source source;
    private Listener listener;
    private End endedAs;
    private volatile boolean ended;
    private volatile boolean deaf;
    /** Set by a listener whose client fell behind: no more is read until it completes. */
    private CompletionStage<Void> paused;

    /**
     * @param onFinish runs once the stream has ended (drop the exchange's deadlines)
     * @param abort    aborts the exchange, closing its connection
     */
    JettyEventStream(int status, String sessionId, int maxEventBytes, Runnable onFinish, Runnable abort) {
        this.response = new UpstreamResponse.Stream(status, sessionId, this);
        this.decoder = new SseDecoder(maxEventBytes, this::deliver);
        this.onFinish = onFinish;
        this.abort = abort;
    }

    UpstreamResponse.Stream response() {
        return response;
    }

    /** The body's source, offered by the client after the headers. */
    void attach(Content.Source content) {
        boolean go;
        synchronized (this) {
            source = content;
            go = listener != null && endedAs == null;
        }
        if (go) {
            read();
        }
    }

    @Override
    public void open(Listener l) {
        End already;
        boolean go;
        synchronized (this) {
            if (listener != null) {
                throw new IllegalStateException("an event stream is opened once");
            }
            listener = l;
            already = endedAs;
            go = source != null;
        }
        if (already != null) {
            l.onEnd(already);
        } else if (go) {
            read();
        }
    }

    @Override
    public void cancel() {
        end(End.CANCELLED);
    }

    @Override
    public boolean pauseUntil(CompletionStage<Void> caughtUp) {
        synchronized (this) {
            paused = caughtUp;
        }
        return true;
    }

    private synchronized CompletionStage<Void> takePause() {
        CompletionStage<Void> p = paused;
        paused = null;
        return p;
    }

    /** The client caught up: read on (Jetty calls {@link #read} back once content is there). */
    private void resume() {
        if (!ended) {
            source.demand(this::read);
        }
    }

    /** Ends the stream because its deadline passed. */
    void expire() {
        end(End.TIMEOUT);
    }

    /** Ends the stream because the exchange failed (the connection broke). */
    void fail() {
        end(End.FAILED);
    }

    /** Ends the stream because the exchange completed. */
    void complete() {
        end(End.COMPLETE);
    }

    /** Reads what has arrived, delivering its events, then asks to be called again when more comes. */
    private void read() {
        while (!ended) {
            CompletionStage<Void> pause = takePause();
            if (pause != null) {
                pause.whenComplete((v, e) -> resume());
                return;
            }
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this::read);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                end(End.FAILED);
                return;
            }
            boolean fits;
            boolean last = chunk.isLast();
            try {
                fits = decoder.feed(chunk.getByteBuffer());
            } finally {
                chunk.release();
            }
            if (!fits) {
                end(End.FAILED);
                return;
            }
            if (last) {
                end(End.COMPLETE);
                return;
            }
        }
    }

    private void deliver(SseEvent event) {
        if (!deaf && !ended && !listener.onEvent(event)) {
            deaf = true;
        }
    }

    private void end(End end) {
        Listener l;
        synchronized (this) {
            if (endedAs != null) {
                return;
            }
            endedAs = end;
            ended = true;
            l = listener;
        }
        if (end != End.COMPLETE) {
            abort.run(); // closes the upstream connection: the rest of this stream is not wanted
        }
        try {
            if (l != null && !deaf) {
                l.onEnd(end);
            }
        } finally {
            onFinish.run();
        }
    }
}
