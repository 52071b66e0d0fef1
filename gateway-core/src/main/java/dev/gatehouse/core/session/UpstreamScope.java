package dev.gatehouse.core.session;

import java.util.Objects;

/**
 * On whose behalf a message goes upstream, which decides the upstream session it travels on: a client's
 * Gatehouse session has its own upstream sessions; a client without one (curl, the stateless revision)
 * uses its connection's on this node, never another tenant's; Gatehouse's own checks use the node's.
 */
public sealed interface UpstreamScope {
    /** A client's Gatehouse session: that session's own upstream session with each server. */
    record Session(SessionRef session) implements UpstreamScope {
        public Session {
            Objects.requireNonNull(session, "session");
        }
    }

    /** A client without a session: its connection's upstream session with each server, on this node. */
    record Connection(String connectionId) implements UpstreamScope {
        public Connection {
            Objects.requireNonNull(connectionId, "connectionId");
        }
    }

    /** Gatehouse on its own account (the admin's checks of a gateway): the node's own upstream sessions. */
    record Gateway() implements UpstreamScope {
    }

    /** The scope of a client message: its session when it has one, else its connection (Gatehouse's when neither). */
    static UpstreamScope of(SessionRef session, String connectionId) {
        if (session != null) {
            return new Session(session);
        }
        return connectionId == null ? new Gateway() : new Connection(connectionId);
    }
}
