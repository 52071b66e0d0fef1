package dev.gatehouse.core.store;

import dev.gatehouse.core.model.Connection;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.model.RotatedConnection;
import dev.gatehouse.core.model.TokenInfo;
import dev.gatehouse.core.model.TokenIssuer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Host-and-gateway pairings and their API tokens. Each change is one transaction. */
public interface ConnectionRegistry {
    /** The longest grace period a rotation may give the token it replaces. */
    Duration MAX_GRACE_PERIOD = Duration.ofDays(30);

    /** Pairs a host with a gateway and issues its token, returned in plain text this once only. */
    IssuedConnection connect(String hostId, String gatewaySlug, Instant expiresAt, String actor);

    List<Connection> connections(String hostId);

    /** The sort names {@link #connections(String, ListQuery)} knows. */
    java.util.Set<String> SORTS = java.util.Set.of("createdAt", "gateway", "host", "createdBy");

    /**
     * Live connections of the live host {@code hostId} (of every live host when null) matching the query's text in
     * their id, gateway slug or name, host name or who created them; one page, usual order oldest first.
     *
     * @throws RequestRejected not found when {@code hostId} names no live host
     */
    Page<Connection> connections(String hostId, ListQuery query);

    Optional<Connection> connection(String id);

    /** Deletes the connection and revokes its tokens; true if it existed. */
    boolean deleteConnection(String id, String actor);

    /**
     * Turns the connection's kill switch on ({@code disabled}) or off. Reversible: its tokens are
     * refused while it is disabled and work again once enabled (unless revoked or expired meanwhile).
     *
     * Who did it is the audit log's to record.
     *
     * @return the connection as now stored; empty when there is no such live connection
     */
    Optional<Connection> setDisabled(String id, boolean disabled);

    /**
     * Issues a new token for the connection. Every token of the connection still valid stays valid for
     * {@code gracePeriod} (zero: revoked at once), so a deployment can switch over without an outage.
     *
     * @param expiresAt the new token's expiry; null keeps the current token's expiry if it is still ahead
     * @throws RequestRejected NOT_FOUND without such a live connection, INVALID for a grace period outside
     *                         zero to {@link #MAX_GRACE_PERIOD} or an expiry not in the future
     */
    RotatedConnection rotate(String id, Duration gracePeriod, Instant expiresAt, String actor);

    /** Every token the connection has had, newest first. */
    List<TokenInfo> tokens(String connectionId);

    /**
     * Break-glass: revokes at once every token that {@code user} generated and that is still valid (also
     * those in a grace period), across all hosts, and every consent grant of the user with the OAuth access
     * and refresh tokens issued under it (their connections are deleted). Not reversible: new API tokens
     * are issued by rotating; an interactive client asks the user to authorize again.
     *
     * @return how many tokens (API and OAuth) were still valid and are now revoked
     */
    int revokeTokensIssuedBy(String user, String actor);

    /** The users who generated tokens (or consented to OAuth tokens) that are still valid, by name. */
    List<TokenIssuer> tokenIssuers();
}
