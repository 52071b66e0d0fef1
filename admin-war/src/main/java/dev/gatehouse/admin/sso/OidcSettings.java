package dev.gatehouse.admin.sso;

import dev.gatehouse.core.runtime.SettingsSource;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Single sign-on to the console with an OpenID Connect provider, from the {@code oidc-*} settings (system property
 * {@code gatehouse.oidc-…} or environment {@code GATEHOUSE_OIDC_…}); on when {@code oidc-issuer} is set. Parsed once;
 * a setting that cannot work (no client id, a plain-HTTP issuer off loopback, a malformed group mapping) fails the
 * deployment with a message naming it.
 *
 * @param groupRoles group name (as the provider's {@code groupsClaim} lists it) to the container roles it grants
 */
public record OidcSettings(URI issuer, String clientId, Optional<String> clientSecret, String scopes, String groupsClaim,
                           String userClaim, Map<String, List<String>> groupRoles, String label) {
    public OidcSettings {
        groupRoles = Map.copyOf(groupRoles);
    }

    public static Optional<OidcSettings> from(SettingsSource source) {
        Optional<String> issuer = source.get("oidc-issuer");
        if (issuer.isEmpty()) {
            return Optional.empty();
        }
        URI uri = issuer(issuer.get().strip());
        String clientId = source.get("oidc-client-id").orElseThrow(() -> new IllegalStateException(
                "Gatehouse setting 'oidc-client-id' is required with 'oidc-issuer': the client registered for the console"));
        return Optional.of(new OidcSettings(uri, clientId.strip(), source.get("oidc-client-secret"),
                source.get("oidc-scopes").orElse("openid profile email"), source.get("oidc-groups-claim").orElse("groups"),
                source.get("oidc-user-claim").orElse("preferred_username"),
                groupRoles(source.get("oidc-group-roles").orElse("")),
                source.get("oidc-label").orElse("Sign in with single sign-on")));
    }

    /** The roles a user of these groups gets: the union over the mapped groups, in the mapping's order. */
    public List<String> rolesOf(List<String> groups) {
        return groupRoles.entrySet().stream().filter(e -> groups.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream()).distinct().sorted().toList();
    }

    private static URI issuer(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Gatehouse setting 'oidc-issuer' is not a URL: " + value);
        }
        String host = uri.getHost() == null ? "" : uri.getHost();
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
            throw new IllegalStateException("Gatehouse setting 'oidc-issuer' must be an https URL (plain http only on"
                    + " loopback, for tests): " + value);
        }
        return uri;
    }

    /** {@code group=role,role;group=role}: semicolons between groups, since group names may hold commas or spaces. */
    static Map<String, List<String>> groupRoles(String value) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("Gatehouse setting 'oidc-group-roles': '" + entry.strip()
                        + "' is not group=role,role");
            }
            List<String> roles = Arrays.stream(entry.substring(eq + 1).split(",")).map(String::strip)
                    .filter(r -> !r.isEmpty()).toList();
            map.put(entry.substring(0, eq).strip(), roles);
        }
        return map;
    }
}
