package dev.gatehouse.core.signin;

/**
 * One sign-in attempt as the guard sees it: the user name as given (never the password), where it came
 * from, and how ({@code basic} for the admin API's HTTP Basic, {@code form} for the console's page).
 */
public record SignInAttempt(String user, String address, String channel, String userAgent) {
    public static final String BASIC = "basic";
    public static final String FORM = "form";
    /** The console's single sign-on with an OpenID provider (the launcher). */
    public static final String SSO = "sso";
    /** A signed-in user's own password change, whose current password is checked like a sign-in. */
    public static final String PASSWORD_CHANGE = "password-change";
    /**
     * Request attribute (one of the channels) by which code that signs a user in through the container's realm
     * ({@code HttpServletRequest.login}) tells the realm how, so its records name it; absent, the realm's form.
     */
    public static final String CHANNEL_ATTRIBUTE = "dev.gatehouse.signin.channel";

    public SignInAttempt {
        user = user == null ? "" : user;
        address = address == null ? "" : address;
    }
}
