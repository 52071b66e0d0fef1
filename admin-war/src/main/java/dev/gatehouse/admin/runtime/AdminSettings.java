package dev.gatehouse.admin.runtime;

import dev.gatehouse.admin.security.CapabilityPolicy;
import dev.gatehouse.core.runtime.SettingsSource;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin application's settings, parsed once at deployment; a bad value stops the deployment with a
 * message naming the setting.
 *
 * @param publicBaseUrl      {@code gatehouse.public-base-url}: how clients reach Gatehouse (behind a proxy),
 *                           without a trailing slash; when absent, each request's own origin is used
 * @param gatewayContextPath {@code gatehouse.gateway-context-path}: where the gateway WAR is deployed,
 *                           default {@code /gatehouse}; empty for the root context
 * @param policy             which container roles grant which capabilities ({@code gatehouse.roles.<role>})
 * @param maxBodyBytes       the largest request body accepted
 * @param signOutUrl         {@code gatehouse.sign-out-url}: where the console sends the browser once it has signed out,
 *                           when an application server's own OpenID Connect client signed the user in (the provider's
 *                           end-session endpoint), so the provider's session ends too; absent, the console itself
 */
public record AdminSettings(Optional<String> publicBaseUrl, String gatewayContextPath, CapabilityPolicy policy,
                            long maxBodyBytes, Optional<String> signOutUrl) {
    /** The servlet context attribute under which the bootstrap shares the parsed settings. */
    public static final String ATTRIBUTE = AdminSettings.class.getName();
    public static final String DEFAULT_GATEWAY_CONTEXT_PATH = "/gatehouse";
    /** Admin requests are small JSON documents; 64 KiB is far above any legitimate one. */
    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public AdminSettings {
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(gatewayContextPath, "gatewayContextPath");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(signOutUrl, "signOutUrl");
    }

    /**
     * Reads the settings.
     *
     * @param roleOverrides the {@code roles.<role>} settings, as found by {@code RoleSettings}
     * @throws IllegalStateException naming the bad setting
     */
    public static AdminSettings from(SettingsSource source, Map<String, String> roleOverrides) {
        Optional<String> base = source.get("public-base-url").map(AdminSettings::baseUrl);
        String contextPath = source.get("gateway-context-path").map(AdminSettings::contextPath)
                .orElse(DEFAULT_GATEWAY_CONTEXT_PATH);
        return new AdminSettings(base, contextPath, CapabilityPolicy.withOverrides(roleOverrides),
                DEFAULT_MAX_BODY_BYTES, source.get("sign-out-url").map(AdminSettings::signOutUrl));
    }

    /** An absolute http or https URL (a query allowed: an end-session endpoint takes its parameters there). */
    private static String signOutUrl(String raw) {
        String value = raw.strip();
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below with the expected form
        }
        throw new IllegalStateException("Gatehouse setting 'sign-out-url' must be an absolute http or https URL without"
                + " credentials, such as https://keycloak.example.com/realms/corp/protocol/openid-connect/logout; got '"
                + value + "'");
    }

    private static String baseUrl(String raw) {
        String value = raw.strip();
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return value.replaceAll("/+$", "");
            }
        } catch (URISyntaxException e) {
            // reported below with the expected form
        }
        throw new IllegalStateException("Gatehouse setting 'public-base-url' must be an absolute http or https URL"
                + " without query, fragment or credentials, such as https://gatehouse.example.com; got '" + value + "'");
    }

    private static String contextPath(String raw) {
        String value = raw.strip().replaceAll("/+$", "");
        if (value.isEmpty() || value.matches("(/[A-Za-z0-9._~-]+)+")) {
            return value;
        }
        throw new IllegalStateException("Gatehouse setting 'gateway-context-path' must be a path such as /gatehouse"
                + " (or / for the root context); got '" + raw.strip() + "'");
    }
}
