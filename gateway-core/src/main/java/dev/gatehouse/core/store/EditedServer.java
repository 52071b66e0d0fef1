package dev.gatehouse.core.store;

import dev.gatehouse.core.model.UpstreamServer;

/**
 * A server as an edit left it, and what the edit did beyond its fields: when the URL moved to another origin
 * (scheme, host or port) the credentials bound to the old one did not follow it (docs/security.md "A server's
 * credentials stay with its origin"). For the audit record: URLs and counts, never a secret.
 *
 * @param previousUrl       the URL before the edit
 * @param originChanged     the URL's scheme, host or port changed
 * @param sharedDropped     the server's stored shared identity was dropped (and not replaced in the same edit)
 * @param identitiesDropped per-user identities of the server dropped
 * @param oauthClientDropped the OAuth client registration (or the admin's pre-registered client) at the old
 *                          authorization server was dropped
 */
public record EditedServer(UpstreamServer server, String previousUrl, boolean originChanged, boolean sharedDropped,
                           int identitiesDropped, boolean oauthClientDropped) {

    /** What the audit record says of the move, or an empty string when the URL kept its origin. */
    public String moved() {
        if (!originChanged) {
            return "";
        }
        StringBuilder s = new StringBuilder("; url moved to another origin: ").append(previousUrl).append(" -> ")
                .append(server.url()).append("; credentials of the old origin dropped: ");
        s.append(sharedDropped ? "shared credential" : "no stored shared credential");
        s.append(", ").append(identitiesDropped).append(identitiesDropped == 1 ? " user identity" : " user identities");
        if (oauthClientDropped) {
            s.append(", the OAuth client registration");
        }
        return s.toString();
    }
}
