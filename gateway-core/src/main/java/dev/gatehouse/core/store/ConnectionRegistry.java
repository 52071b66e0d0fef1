package dev.gatehouse.core.store;

import dev.gatehouse.core.model.Connection;
import dev.gatehouse.core.model.IssuedConnection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Host-and-gateway pairings and their API tokens. */
public interface ConnectionRegistry {
    /** Pairs a host with a gateway and issues its token, returned in plain text this once only. */
    IssuedConnection connect(String hostId, String gatewaySlug, Instant expiresAt, String actor);

    List<Connection> connections(String hostId);

    Optional<Connection> connection(String id);

    /** Deletes the connection and revokes its tokens; true if it existed. */
    boolean deleteConnection(String id, String actor);
}
