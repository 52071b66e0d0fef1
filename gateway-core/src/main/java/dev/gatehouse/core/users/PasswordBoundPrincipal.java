package dev.gatehouse.core.users;

/**
 * A signed-in console user (the embedded launcher's realm) whose session lasts only while the password it signed in
 * with is the user's: a password change ends every other session of the user, and the session that made the change
 * is told the new one so it goes on.
 */
public interface PasswordBoundPrincipal {
    /** This session now holds {@code hash}, the user's new password's. */
    void passwordChangedTo(String hash);
}
