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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bounds the time a client may take to send a request's head (request line and headers), on the embedded
 * server's connectors. Jetty 12 has no such setting: its idle timeout restarts with every byte, and the minimum
 * request data rate ({@link ConnectorLimits}) covers only the body, so a client sending one header byte every
 * few seconds would hold its connection for as long as it likes. The clock starts when the first read of a
 * head leaves it incomplete (blank lines before a request line count too) and stops when the head is complete; past the
 * bound the client gets {@code 408} (JSON, as {@link JsonErrorHandler} answers) and the connection is closed.
 * A kept-alive connection waiting for its next request is not affected: no bytes, no clock (the idle timeout
 * applies).
 */
final class HeaderDeadline extends HttpConnectionFactory {
    private static final System.Logger LOG = System.getLogger(HeaderDeadline.class.getName());
    private final Duration limit;

    HeaderDeadline(HttpConfiguration http, Duration limit) {
        super(http);
        this.limit = limit;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        Watched connection = new Watched(getHttpConfiguration(), connector, endPoint, limit);
        connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
        connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
        return configure(connection, connector, endPoint);
    }

    /** An HTTP/1.1 connection whose head-reading is timed. */
    private static final class Watched extends HttpConnection {
        private final Duration limit;
        private final AtomicReference<Scheduler.Task> deadline = new AtomicReference<>();

        Watched(HttpConfiguration http, Connector connector, EndPoint endPoint, Duration limit) {
            super(http, connector, endPoint);
            this.limit = limit;
        }

        /** Heads are read here (bodies are read by the request's own thread): the clock is set after each read. */
        @Override
        public void onFillable() {
            try {
                super.onFillable();
            } finally {
                if (headPending() && !getEndPoint().isOutputShutdown()) {
                    startClock();
                } else {
                    stopClock(); // a head completed, none began, or the connection is going away
                }
            }
        }

        /** Bytes of a head arrived (blank lines before a request line count), and it is not complete yet. */
        private boolean headPending() {
            return getParser().inHeaderState() && getParser().getHeaderLength() > 0;
        }

        private void startClock() {
            if (deadline.get() == null) {
                Scheduler.Task task = getConnector().getScheduler().schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
                if (!deadline.compareAndSet(null, task)) {
                    task.cancel();
                }
            }
        }

        private void stopClock() {
            Scheduler.Task task = deadline.getAndSet(null);
            if (task != null) {
                task.cancel();
            }
        }

        private void expire() {
            if (deadline.getAndSet(null) == null || !headPending()) {
                return; // the head completed meanwhile (its request may still be running)
            }
            LOG.log(System.Logger.Level.INFO, "request head from " + getEndPoint().getRemoteSocketAddress()
                    + " not complete within " + limit.toSeconds() + " s: 408, connection closed");
            byte[] body = JsonErrorHandler.body(408);
            byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            EndPoint endPoint = getEndPoint();
            try {
                endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close()), ByteBuffer.wrap(head), ByteBuffer.wrap(body));
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
