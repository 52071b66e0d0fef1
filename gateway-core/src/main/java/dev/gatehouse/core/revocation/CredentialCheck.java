package dev.gatehouse.core.revocation;

import dev.gatehouse.core.store.Authentication;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * The credential check of every request, for many credentials at once: which of these token public ids
 * (API tokens, and OAuth access tokens {@code gho_…}) would be refused now, and why. One read per kind of
 * token for the whole set, used when the revocation signal moved, not per request.
 */
public interface CredentialCheck {
    /**
     * How a credential stands now: refused with the reason a request would get, or valid until a time
     * (null: no end), which may have moved since the request (a rotation sets the old token's end).
     */
    record Standing(Authentication.Reason refusal, Instant validUntil) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /** The standing of each of {@code publicIds}; a token no longer found is refused as revoked. */
    Map<String, Standing> standings(Collection<String> publicIds, Instant now);

    /**
     * Which of these upstream identities (ids) can no longer be used: deleted (by its owner, an admin,
     * break-glass for its owner) or disabled. One read for the set; what a call or a listen stream holds
     * open with such an identity is cut like what a revoked token holds open.
     */
    java.util.Set<String> endedIdentities(Collection<String> identityIds);
}
