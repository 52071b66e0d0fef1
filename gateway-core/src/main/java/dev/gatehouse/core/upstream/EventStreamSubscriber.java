package dev.gatehouse.core.upstream;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an upstream event stream one chunk at a time, only as fast as the listener handles events.
 * The response itself is available at once ({@link #getBody}); the body is read after {@link #open}.
 * Exactly one terminal signal reaches the listener, whoever ends the stream first (the upstream, the
 * deadline, or the gateway cancelling it).
 */
final class EventStreamSubscriber implements BodySubscriber<UpstreamResponse>, EventStream {
    private final UpstreamResponse.Stream response;
    private final SseDecoder decoder;
    private final Runnable onFinish;
    private Flow.Subscription subscription;
    private Listener listener;
    private End endedAs;
    private volatile boolean ended;
    private volatile boolean deaf;
    /** Set by a listener whose client fell behind: nothing more is requested until it completes. */
    private CompletionStage<Void> paused;

    EventStreamSubscriber(int status, String sessionId, int maxEventBytes, Runnable onFinish) {
        this.response = new UpstreamResponse.Stream(status, sessionId, this);
        this.decoder = new SseDecoder(maxEventBytes, this::deliver);
        this.onFinish = onFinish;
    }

    @Override
    public CompletionStage<UpstreamResponse> getBody() {
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public void open(Listener l) {
        End already;
        synchronized (this) {
            if (listener != null) {
                throw new IllegalStateException("an event stream is opened once");
            }
            listener = l;
            already = endedAs;
        }
        if (already != null) {
            l.onEnd(already);
            return;
        }
        requestMore();
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

    /** Ends the stream because its deadline passed. */
    void expire() {
        end(End.TIMEOUT);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        synchronized (this) {
            subscription = s;
        }
        if (ended) {
            s.cancel();
            return;
        }
        requestMore();
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
        for (ByteBuffer b : chunk) {
            if (ended) {
                return;
            }
            if (!decoder.feed(b)) {
                end(End.FAILED);
                return;
            }
        }
        requestMore();
    }

    @Override
    public void onError(Throwable t) {
        end(End.FAILED);
    }

    @Override
    public void onComplete() {
        end(End.COMPLETE);
    }

    private void deliver(SseEvent event) {
        if (!deaf && !ended && !listener.onEvent(event)) {
            deaf = true;
        }
    }

    private void requestMore() {
        Flow.Subscription s;
        CompletionStage<Void> pause;
        synchronized (this) {
            s = listener != null ? subscription : null;
            pause = paused;
            paused = null;
        }
        if (pause != null) {
            pause.whenComplete((v, e) -> requestMore()); // the listener's client catches up first
            return;
        }
        if (s != null && !ended) {
            s.request(1);
        }
    }

    private void end(End end) {
        Listener l;
        Flow.Subscription s;
        synchronized (this) {
            if (endedAs != null) {
                return;
            }
            endedAs = end;
            ended = true;
            l = listener;
            s = subscription;
        }
        if (end != End.COMPLETE && s != null) {
            s.cancel(); // closes the upstream connection: the rest of this stream is not wanted
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
