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

    public SignInAttempt {
        user = user == null ? "" : user;
        address = address == null ? "" : address;
    }
}
