package dev.gatehouse.launcher;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bounds the time a client may take to send a request, on the embedded server's connectors: its head (request
 * line and headers) from its first byte, and its body from the end of its head. Jetty 12 has no such setting:
 * its idle timeout restarts with every byte, so a client sending one byte every few seconds would hold its
 * connection for as long as it likes; and its minimum request data rate, which was used for bodies, measures
 * from a body's first chunk, so a small body split over two reads with a thread pause between them was refused
 * with {@code 408} (seen under load). The head's clock starts when the first read of a head leaves it incomplete
 * (blank lines before a request line count too) and stops when the head is complete; the body's clock starts then,
 * for a request with a body, and stops when the whole message was read. Past either bound the client gets {@code 408}
 * (JSON, as {@link JsonErrorHandler} answers) unless an answer was already begun, and the connection is closed.
 * A kept-alive connection waiting for its next request is not affected: no bytes, no clock (the idle timeout
 * applies).
 */
final class RequestDeadlines extends HttpConnectionFactory {
    private static final System.Logger LOG = System.getLogger(RequestDeadlines.class.getName());
    private final Duration headLimit;
    private final Duration bodyLimit;

    RequestDeadlines(HttpConfiguration http, Duration headLimit, Duration bodyLimit) {
        super(http);
        this.headLimit = headLimit;
        this.bodyLimit = bodyLimit;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        Watched connection = new Watched(getHttpConfiguration(), connector, endPoint, headLimit, bodyLimit);
        connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
        connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
        return configure(connection, connector, endPoint);
    }

    /** What a clock is running for: a head, or the body of the connection's {@code request}th request. */
    private record Clock(Scheduler.Task task, boolean body, long request) {
    }

    /** An HTTP/1.1 connection whose request reading is timed, and which remembers its last request target. */
    private static final class Watched extends HttpConnection implements RequestTarget {
        private final Duration headLimit;
        private final Duration bodyLimit;
        private final AtomicReference<Clock> clock = new AtomicReference<>();
        /** Requests whose head was read whole on this connection. */
        private final AtomicLong heads = new AtomicLong();
        /** The request line's target as sent, kept for the error handler: Jetty replaces a target it refuses. */
        private volatile String target;

        Watched(HttpConfiguration http, Connector connector, EndPoint endPoint, Duration headLimit, Duration bodyLimit) {
            super(http, connector, endPoint);
            this.headLimit = headLimit;
            this.bodyLimit = bodyLimit;
        }

        /** Heads are read here: the head's clock is set after each read that leaves one incomplete. */
        @Override
        public void onFillable() {
            try {
                super.onFillable();
            } finally {
                if (getEndPoint().isOutputShutdown()) {
                    stopClock(); // the connection is going away
                } else if (headPending()) {
                    startClock(false);
                }
            }
        }

        /**
         * The parser's events: a head read whole starts its body's clock (bodies are read by the request's own
         * thread, which runs the application before {@link #onFillable} returns), the whole message stops it.
         */
        @Override
        protected RequestHandler newRequestHandler() {
            return new RequestHandler() {
                @Override
                public void startRequest(String method, String uri, org.eclipse.jetty.http.HttpVersion version) {
                    target = uri;
                    super.startRequest(method, uri, version);
                }

                @Override
                public boolean headerComplete() {
                    heads.incrementAndGet();
                    if (getParser().getContentLength() > 0 || getParser().isChunking()) {
                        startClock(true);
                    } else {
                        stopClock();
                    }
                    return super.headerComplete();
                }

                @Override
                public boolean messageComplete() {
                    stopClock();
                    return super.messageComplete();
                }
            };
        }

        @Override
        public String rawTarget() {
            return target;
        }

        /** Bytes of a head arrived (blank lines before a request line count), and it is not complete yet. */
        private boolean headPending() {
            return getParser().inHeaderState() && getParser().getHeaderLength() > 0;
        }

        private void startClock(boolean body) {
            Clock running = clock.get();
            long request = heads.get();
            if (running != null && running.body() == body && running.request() == request) {
                return; // the same head or body is still on its clock
            }
            Clock next = new Clock(getConnector().getScheduler().schedule(() -> expire(body, request),
                    (body ? bodyLimit : headLimit).toMillis(), TimeUnit.MILLISECONDS), body, request);
            if (clock.compareAndSet(running, next)) {
                if (running != null) {
                    running.task().cancel();
                }
            } else {
                next.task().cancel();
            }
        }

        private void stopClock() {
            Clock running = clock.getAndSet(null);
            if (running != null) {
                running.task().cancel();
            }
        }

        private void expire(boolean body, long request) {
            Clock expired = clock.get();
            if (expired == null || expired.body() != body || expired.request() != request || !clock.compareAndSet(expired, null)) {
                return; // another clock runs now
            }
            boolean late = body ? getParser().inContentState() : headPending();
            if (!late) {
                return; // read whole meanwhile (its request may still be running)
            }
            String what = expired.body() ? "request body" : "request head";
            Duration limit = expired.body() ? bodyLimit : headLimit;
            LOG.log(System.Logger.Level.INFO, what + " from " + getEndPoint().getRemoteSocketAddress()
                    + " not complete within " + limit.toSeconds() + " s: 408, connection closed");
            EndPoint endPoint = getEndPoint();
            if (getGenerator().isCommitted()) {
                endPoint.close(); // an answer was begun (a refusal before the body was read): just end the connection
                return;
            }
            byte[] json = JsonErrorHandler.body(408);
            byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
                    + "Content-Length: " + json.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close()), ByteBuffer.wrap(head), ByteBuffer.wrap(json));
            } catch (RuntimeException e) {
                endPoint.close(); // a response still being written: no room for ours, just end the connection
            }
        }

        @Override
        public void onClose(Throwable cause) {
            stopClock();
            super.onClose(cause);
        }
    }
}
