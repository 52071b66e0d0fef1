package dev.gatehouse.core.upstream;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A request body that notes when the HTTP client starts sending it, which it does only once the
 * connection is established. That lets one shared client honour each server's own connect timeout
 * ({@code java.net.http} fixes the connect timeout per client, not per request).
 */
final class ConnectSignal implements HttpRequest.BodyPublisher {
    private final HttpRequest.BodyPublisher body;
    private volatile boolean connected;

    ConnectSignal(byte[] bytes) {
        this.body = HttpRequest.BodyPublishers.ofByteArray(bytes);
    }

    boolean connected() {
        return connected;
    }

    @Override
    public long contentLength() {
        return body.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        connected = true;
        body.subscribe(subscriber);
    }
}
