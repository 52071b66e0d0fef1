package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;

/**
 * Ends consent grants inside the caller's transaction: the grant is revoked, every access and refresh
 * token issued under it is refused from {@code when} on, and its connection is deleted. One place for the
 * user's own revocation in the console, the break-glass "revoke every token a user generated", and the
 * removal of a user, so none of them can leave an OAuth token of the user working.
 */
public final class ConsentRevocation {
    private ConsentRevocation() {
    }

    /** Revokes {@code grant}; how many of its tokens were still valid and are now revoked. */
    public static int revoke(EntityManager em, OAuthGrantEntity grant, Instant when, String actor) {
        int live = em.createNamedQuery("OAuthToken.revokeLiveOfGrant").setParameter("grantId", grant.id())
                .setParameter("when", when).executeUpdate();
        // rotated and already expired ones too, so no row of the grant is left without an end
        em.createNamedQuery("OAuthToken.revokeOfGrant").setParameter("grantId", grant.id()).setParameter("when", when)
                .executeUpdate();
        grant.revoke(when, actor);
        if (grant.connection().isLive()) {
            grant.connection().delete(when, actor);
        }
        return live;
    }

    /** Revokes every active grant of {@code user}; how many tokens were still valid and are now revoked. */
    public static int revokeAllOf(EntityManager em, String user, Instant when, String actor) {
        List<OAuthGrantEntity> grants = em.createNamedQuery("OAuthGrant.activeOfUser", OAuthGrantEntity.class)
                .setParameter("user", user).getResultList();
        int revoked = 0;
        for (OAuthGrantEntity grant : grants) {
            revoked += revoke(em, grant, when, actor);
        }
        return revoked;
    }
}
