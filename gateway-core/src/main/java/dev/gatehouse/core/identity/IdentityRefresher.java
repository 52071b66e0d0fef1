package dev.gatehouse.core.identity;

/**
 * Renews an OAuth identity's access token before it expires (rotation honoured, one refresh at a time per
 * identity across the cluster); a refused refresh marks the identity {@code needs-reauthorization}.
 */
@FunctionalInterface
public interface IdentityRefresher {
    /** Identities that never expire (secrets) pass through. */
    IdentityRefresher NONE = standing -> standing;

    /** The standing to use now: refreshed if it was about to expire, else as given. */
    IdentityStore.Standing fresh(IdentityStore.Standing standing);
}
