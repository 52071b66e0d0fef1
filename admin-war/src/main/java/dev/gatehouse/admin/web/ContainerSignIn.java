package dev.gatehouse.admin.web;

import dev.gatehouse.admin.sso.ServerOpenIdConnect;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;

/**
 * How the application server signed the request's user in, as the sign-in audit ({@code sign-in/<how>}) and the Users
 * page ({@code serverSignIn}) name it: the container's authentication type in lower case ({@code form}, {@code oidc},
 * ...), {@code container} if it gives none, and {@code oidc} where Payara's OpenID Connect client signs users in
 * (Payara still reports the WAR's {@code FORM} then).
 */
public final class ContainerSignIn {
    private ContainerSignIn() {
    }

    public static String how(HttpServletRequest request) {
        if (ServerOpenIdConnect.signsIn()) {
            return "oidc";
        }
        String type = request.getAuthType();
        return type == null || type.isBlank() ? "container" : type.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    }
}
