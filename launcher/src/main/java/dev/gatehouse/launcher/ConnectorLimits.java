package dev.gatehouse.launcher;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;

import java.time.Duration;

/**
 * Limits of the embedded server's HTTP connector against slow and bloated clients: request headers are bounded
 * ({@code 431} past the bound) in size and, through {@link #connectionFactory}, a request in time: its head within
 * 10 s of its first byte and its body within 10 s of its head ({@code 408} and the connection closed; a client
 * sending one byte a second would otherwise hold a thread and a connection for as long as it likes, since every
 * byte resets the idle timeout). Applied to the {@link HttpConfiguration} of both connectors in
 * {@code EmbeddedServer.bind}. Jetty's minimum request data rate is not used: it measures from a body's first
 * chunk, so a small body arriving in two parts with a pause between them was refused. Only the request is
 * bounded: a reply may be slow (an event stream of a long tool call).
 */
final class ConnectorLimits {
    /** Jetty's default: room for a bearer token, MCP headers and a proxy's additions. */
    static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
    /** The longest a request's head (at most 8 KiB) may take to arrive, from its first byte ({@link RequestDeadlines}). */
    static final Duration MAX_REQUEST_HEAD_TIME = Duration.ofSeconds(10);
    /**
     * The longest a request's body may take to arrive once its head did ({@link RequestDeadlines}): an MCP message
     * is sent whole, not trickled; the gateway's largest accepted body (4 MiB) needs 420 KB/s to make it.
     */
    static final Duration MAX_REQUEST_BODY_TIME = Duration.ofSeconds(10);

    private ConnectorLimits() {
    }

    static HttpConfiguration apply(HttpConfiguration http) {
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        return http;
    }

    /** HTTP/1.1 over {@code http} whose request heads and bodies must arrive within their bounds. */
    static HttpConnectionFactory connectionFactory(HttpConfiguration http) {
        return new RequestDeadlines(http, MAX_REQUEST_HEAD_TIME, MAX_REQUEST_BODY_TIME);
    }
}
