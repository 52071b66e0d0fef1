package dev.gatehouse.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Gatehouse-issued MCP sessions, in the database every node shares, so a session opened through one
 * node continues on any other and ends for all of them at once (MCP "Transports", session management).
 */
public interface McpSessionStore {
    /** A new session: its id (shown once, to the client) and its stored state. */
    record Issued(String id, McpSession session) {
        @Override
        public String toString() {
            return "Issued[" + session.shortHandle() + "]";
        }
    }

    /** The outcome of opening a session under the connection's {@link SessionLimit}. */
    sealed interface Opening {
        /** Opened; {@code evicted} are the idle sessions ended to make room (their upstream sessions to close). */
        record Opened(Issued issued, List<McpSession> evicted) implements Opening {
            public Opened {
                evicted = List.copyOf(evicted);
            }
        }

        /** The connection holds its maximum of sessions and none is idle: retry after {@code retryAfter}. */
        record Full(int max, Duration retryAfter) implements Opening {
        }
    }

    /**
     * Opens a session for the connection within its {@link SessionLimit}: at the cap, its least recently
     * used sessions are ended first if idle, else nothing is opened ({@link Opening.Full}). Counted in the
     * shared database, one connection's openings serialised across nodes.
     */
    Opening open(String connectionId, String gatewaySlug, String protocolVersion, String clientCapabilities);

    /** The session with this id, live or ended; empty when it never existed. */
    Optional<McpSession> find(String sessionId);

    /**
     * Records the upstream session backing this session on a server, unless another request (on any node)
     * recorded one first: one upstream session per Gatehouse session and server, so an answer to a server's
     * request always reaches the upstream session that asked it.
     *
     * @param replacing the link {@code link} replaces (the upstream expired it), or null when none was known
     * @return the link in force: {@code link} when it was recorded, else the one recorded before
     */
    UpstreamLink link(String sessionId, String serverId, UpstreamLink replacing, UpstreamLink link);

    /** The upstream session recorded for this session on a server, if any (read now, not from a request's copy). */
    Optional<UpstreamLink> linked(String sessionId, String serverId);

    /**
     * Ends the session. Returns its state as it was when live (to close its upstream sessions), or empty
     * when it was unknown or already ended.
     */
    Optional<McpSession> end(String sessionId);

    /**
     * Ends every live session whose connection can no longer be used (deleted or disabled, its host deleted
     * or disabled, or none of its tokens valid now), each once across every node. Returns their state as it
     * was when live, to close their upstream sessions. Run when the revocation signal moved.
     */
    List<McpSession> endRevoked();

    /**
     * Which of {@code connectionIds} can no longer be used: deleted or disabled, their host too, or none of
     * their tokens valid now. A node asks it for the connections its sessionless clients hold upstream
     * sessions for, when the revocation signal moved.
     */
    java.util.Set<String> unusable(java.util.Collection<String> connectionIds);

    /**
     * Deletes, with their upstream session rows, the sessions that ended before {@code endedBefore} and
     * the live ones not seen since {@code idleBefore} (a later request with such an id gets 404, and the
     * client initializes again, as the transport specifies). Returns how many sessions were deleted.
     */
    int purge(Instant endedBefore, Instant idleBefore);
}
