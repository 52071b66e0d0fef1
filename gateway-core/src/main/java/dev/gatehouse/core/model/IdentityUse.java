package dev.gatehouse.core.model;

import java.util.Objects;

/**
 * The identity one request's calls to a server use, as resolved for that request: named in the audit
 * (owner, the upstream subject or client, never a secret). {@code unusable} says, when set, why there is
 * none and what the user must do; the server is then not called.
 *
 * @param identityId the identity's id; null when there is none
 * @param owner      the user who owns it; null for a shared identity
 * @param subject    the upstream subject or client id, when known
 * @param renewable  an OAuth grant, whose access token is refreshed before it expires (read per request)
 */
public record IdentityUse(IdentityScheme scheme, String identityId, String owner, String subject, String unusable,
                          boolean renewable) {
    public IdentityUse {
        Objects.requireNonNull(scheme, "scheme");
    }

    public IdentityUse(IdentityScheme scheme, String identityId, String owner, String subject, String unusable) {
        this(scheme, identityId, owner, subject, unusable, false);
    }

    /** A per-user assignment before the request's user is known: never called with anyone's credential. */
    public static IdentityUse unresolved() {
        return new IdentityUse(IdentityScheme.PER_USER, null, null, null,
                "it needs the identity of the user who generated the token, and this request has none");
    }

    public boolean usable() {
        return unusable == null;
    }

    /** How the audit names it: {@code per-user alice (upstream subject s)}; never a secret. */
    public String describe() {
        StringBuilder b = new StringBuilder("identity ").append(scheme.wireName());
        if (owner != null) {
            b.append(' ').append(owner);
        }
        if (identityId != null) {
            b.append(" [").append(identityId).append(']');
        }
        if (subject != null) {
            b.append(" (upstream subject ").append(subject).append(')');
        }
        if (unusable != null) {
            b.append(": none usable");
        }
        return b.toString();
    }
}
