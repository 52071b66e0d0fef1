package dev.gatehouse.core.signin;

import java.io.Serializable;

/**
 * What a console session remembers of its sign-in (session attribute {@link #ATTRIBUTE}), so the sign-in is
 * audited once per session and its sign-out carries the same correlation id: who signed in, how (a
 * {@link SignInAttempt} channel, or the application server's authentication type such as {@code oidc}), from which
 * address, and the correlation id of the {@code sign_in} record. Never the session id, which is a credential.
 */
public record SignedInSession(String user, String channel, String address, String correlationId) implements Serializable {
    public static final String ATTRIBUTE = "dev.gatehouse.signin.session";

    /** Whether this is the sign-in of {@code name} (a session signed in again as someone else is a new sign-in). */
    public boolean of(String name) {
        return user.equals(name);
    }
}
