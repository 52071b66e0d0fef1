package dev.gatehouse.gateway.oauth;

import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.gateway.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Where the authorization server's endpoints are, as clients must call them. The issuer is the gateway
 * WAR's base URL ({@code https://host/gatehouse}); token, registration and revocation live in this WAR;
 * the authorization endpoint lives in the admin WAR, beside the container login it needs (setting
 * {@code gatehouse.admin-context-path}, default {@code /gatehouse-admin}).
 */
public final class OAuthUrls {
    public static final String TOKEN_PATH = "/oauth/token";
    public static final String REGISTRATION_PATH = "/oauth/register";
    public static final String REVOCATION_PATH = "/oauth/revoke";
    public static final String JWKS_PATH = "/oauth/jwks";
    public static final String AUTHORIZATION_PATH = "/oauth/authorize";
    static final String DEFAULT_ADMIN_CONTEXT = "/gatehouse-admin";

    private final PublicUrls urls;
    private final String adminContextPath;

    public OAuthUrls(PublicUrls urls, String adminContextPath) {
        this.urls = urls;
        this.adminContextPath = adminContextPath;
    }

    public static OAuthUrls fromSettings(PublicUrls urls) {
        String admin = SettingsSource.system().get("admin-context-path").orElse(DEFAULT_ADMIN_CONTEXT);
        return new OAuthUrls(urls, admin.endsWith("/") ? admin.substring(0, admin.length() - 1) : admin);
    }

    /** The issuer identifier (RFC 8414 section 2): the gateway WAR's base URL. */
    public String issuer(HttpServletRequest request) {
        return urls.base(request);
    }

    public String endpoint(HttpServletRequest request, String path) {
        return urls.base(request) + path;
    }

    public String authorization(HttpServletRequest request) {
        return urls.origin(request) + adminContextPath + AUTHORIZATION_PATH;
    }

    public PublicUrls publicUrls() {
        return urls;
    }
}
