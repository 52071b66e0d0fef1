package dev.gatehouse.admin.sso;

/** A single sign-on that cannot go on, with a reason safe to show and log (never a token, code or secret). */
public final class OidcFailure extends RuntimeException {
    public OidcFailure(String message) {
        super(message, null, false, false);
    }
}
