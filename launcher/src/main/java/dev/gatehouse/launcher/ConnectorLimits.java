package dev.gatehouse.launcher;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;

import java.time.Duration;

/**
 * Limits of the embedded server's HTTP connector against slow and bloated clients: a request body must
 * arrive at a minimum data rate, or Jetty answers {@code 408} and closes the connection (a client sending
 * one byte a second would otherwise hold a thread and a connection for as long as it likes, since every
 * byte resets the idle timeout); request headers are bounded ({@code 431} past the bound) in size and, through
 * {@link #connectionFactory}, in time ({@code 408} when a head takes longer than 10 s). Applied
 * to the {@link HttpConfiguration} of both connectors in {@code EmbeddedServer.bind}. Only the request has a
 * minimum rate: a reply may be slow (an event stream of a long tool call), so none is set for responses.
 */
final class ConnectorLimits {
    /** Far below any real client's upload speed; an MCP message is sent whole, not trickled. */
    static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;
    /** Jetty's default: room for a bearer token, MCP headers and a proxy's additions. */
    static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
    /** The longest a request's head (at most 8 KiB) may take to arrive, from its first byte ({@link HeaderDeadline}). */
    static final Duration MAX_REQUEST_HEAD_TIME = Duration.ofSeconds(10);

    private ConnectorLimits() {
    }

    static HttpConfiguration apply(HttpConfiguration http) {
        http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        return http;
    }

    /** HTTP/1.1 over {@code http} whose request heads must arrive within {@link #MAX_REQUEST_HEAD_TIME}. */
    static HttpConnectionFactory connectionFactory(HttpConfiguration http) {
        return new HeaderDeadline(http, MAX_REQUEST_HEAD_TIME);
    }
}
