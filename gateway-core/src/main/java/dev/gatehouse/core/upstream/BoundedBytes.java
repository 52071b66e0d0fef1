package dev.gatehouse.core.upstream;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a bound. Past the bound it stops reading, closes the exchange and
 * yields what it has with {@link Body#complete()} false, so an upstream cannot exhaust the gateway's memory.
 */
final class BoundedBytes implements BodySubscriber<BoundedBytes.Body> {
    /** The collected bytes; {@code complete} is false when the body was longer than the bound. */
    record Body(byte[] bytes, boolean complete) {
    }

    private final int max;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BoundedBytes(int max) {
        this.max = max;
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
        for (ByteBuffer b : chunk) {
            if (result.isDone()) {
                return;
            }
            int take = Math.min(b.remaining(), max - out.size());
            byte[] bytes = new byte[take];
            b.get(bytes);
            out.write(bytes, 0, take);
            if (b.hasRemaining()) {
                subscription.cancel();
                result.complete(new Body(out.toByteArray(), false));
                return;
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(new Body(out.toByteArray(), true));
    }
}
