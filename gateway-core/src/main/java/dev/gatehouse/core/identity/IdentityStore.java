package dev.gatehouse.core.identity;

import dev.gatehouse.core.model.UpstreamServer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The upstream identities: each owned by one user (or shared) and tied to one server. */
public interface IdentityStore {
    /** Every identity ({@code owner} empty) or one user's own. */
    List<UpstreamIdentity> list(Optional<String> owner);

    Optional<UpstreamIdentity> find(String id);

    /**
     * Stores a secret for {@code owner} (null: the server's shared identity) on the server (id or slug),
     * replacing the secret of the identity they already have there (one identity per owner and server).
     */
    UpstreamIdentity putSecret(String server, String owner, String headerName, String secret, String actor);

    /** Disables or enables an identity; empty when there is none. */
    Optional<UpstreamIdentity> setEnabled(String id, boolean enabled, String actor);

    /**
     * Deletes an identity and its credentials; what the upstream should revoke is returned with it (RFC 7009).
     * Calls using it stop at once (the revocation signal).
     */
    Optional<Deleted> delete(String id, String actor);

    /** The users who own identities (shared identities have none). */
    java.util.Set<String> owners();

    /** Deletes every identity of one user (break-glass, a removed account). */
    List<Deleted> deleteOfOwner(String owner, String actor);

    /**
     * The credential of {@code owner}'s identity for each of the servers (catalog ids), as it stands now:
     * what a request's calls present. A server without an entry has no identity of that user.
     */
    Map<String, Standing> standings(String owner, Collection<String> serverIds);

    /** One identity's standing now, by id. */
    Optional<Standing> standing(String identityId);

    /** One identity's state for a request: usable with its credential, or why not. */
    record Standing(UpstreamIdentity identity, UpstreamServer.Credential credential) {
        public boolean usable() {
            return credential != null && identity.status() == UpstreamIdentity.Status.ACTIVE;
        }
    }

    /**
     * A deleted identity, with what the upstream's authorization server may be told to revoke (OAuth grants
     * only; null fields otherwise). Holds secrets: never logged, never shown.
     */
    record Deleted(UpstreamIdentity identity, String revocationEndpoint, String clientId, String clientSecret,
                   String refreshToken, String accessToken, ClientAuthMethod authMethod) {
        public Deleted {
            authMethod = ClientAuthMethod.stored(authMethod == null ? null : authMethod.wireName(), clientSecret);
        }

        public Deleted(UpstreamIdentity identity, String revocationEndpoint, String clientId, String clientSecret,
                       String refreshToken, String accessToken) {
            this(identity, revocationEndpoint, clientId, clientSecret, refreshToken, accessToken, null);
        }

        @Override
        public String toString() {
            return "Deleted[" + identity.id() + "]";
        }
    }
}
