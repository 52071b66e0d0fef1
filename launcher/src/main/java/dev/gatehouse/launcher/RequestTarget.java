package dev.gatehouse.launcher;

/**
 * A connection that remembers the target of its last request line as the client sent it, so the error handler can
 * tell which web application a refused request was for (Jetty replaces the path of a request it refuses).
 */
interface RequestTarget {
    /** The last request target as sent, or null before the first request line. */
    String rawTarget();
}
