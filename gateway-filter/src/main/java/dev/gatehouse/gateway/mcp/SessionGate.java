package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.session.McpSession;
import dev.gatehouse.core.session.McpSessionStore;
import dev.gatehouse.core.session.SessionRef;

import java.util.Optional;

/**
 * Finds the Gatehouse session a request names in {@code Mcp-Session-Id}. A session is only good for the
 * connection that opened it and while it lives: an unknown, ended or foreign id is answered 404
 * alike, so a guessed id reveals nothing (MCP "Transports", session management). Stateless requests
 * (2026-07-28) have no session, whatever they carry.
 */
final class SessionGate {
    private final McpSessionStore store;

    SessionGate(McpSessionStore store) {
        this.store = store;
    }

    /** The outcome: no session named, the live session, or not found. */
    sealed interface Found {
        record None() implements Found {
        }

        record Live(SessionRef session) implements Found {
        }

        record NotFound() implements Found {
        }
    }

    Found find(String sessionId, TokenGrant grant) {
        if (sessionId == null) {
            return new Found.None();
        }
        Optional<McpSession> s = store.find(sessionId);
        if (s.isEmpty() || s.get().ended() || !s.get().connectionId().equals(grant.connectionId())) {
            return new Found.NotFound();
        }
        return new Found.Live(new SessionRef(sessionId, s.get()));
    }

    /** Ends the named session if it is this connection's; its state as it was, to close its upstream sessions. */
    Optional<McpSession> end(String sessionId, TokenGrant grant) {
        if (!(find(sessionId, grant) instanceof Found.Live)) {
            return Optional.empty();
        }
        return store.end(sessionId);
    }
}
