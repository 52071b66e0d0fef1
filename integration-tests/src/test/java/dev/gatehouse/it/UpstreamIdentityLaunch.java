package dev.gatehouse.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The launcher the upstream-identity tests share: operators who each sign in for themselves (the users whose own
 * upstream accounts the calls use), and Gatehouse's OAuth client allowed to reach the local authorization servers
 * (its SSRF guard refuses private hosts otherwise); and the gateway whose server runs each call as its user.
 */
final class UpstreamIdentityLaunch {
    private UpstreamIdentityLaunch() {
    }

    /** A launcher in {@code data} with the admin and these operators (name to password), plus {@code options}. */
    static LauncherProcess start(Path data, Map<String, String> operators, List<String> options) throws Exception {
        StringBuilder users = new StringBuilder();
        new TreeMap<>(operators).forEach((user, password) ->
                users.append(user).append('=').append(AdminPasswords.hash(password)).append(",gatehouse-operator\n"));
        Files.createDirectories(data);
        Files.writeString(data.resolve("admin-users.properties"), users);
        return LauncherProcess.start(data, Map.of("GATEHOUSE_ADMIN_PASSWORD", LauncherProcess.ADMIN_PASSWORD,
                "GATEHOUSE_UPSTREAM_OAUTH_ALLOW_PRIVATE_HOSTS", "true"), options);
    }

    /**
     * Registers {@code upstreamUrl} as the server {@code sdk}, the gateway {@code work} with the demo server and
     * {@code sdk} as a per-user server (tool prefix {@code me}), and a token-based host; answers the host's id.
     */
    static String perUserGatewayAndHost(AdminApi admin, String upstreamUrl) throws Exception {
        admin.expect(201, "POST", "/servers", AdminApi.JSON.writeValueAsString(Map.of(
                "name", "SDK example", "slug", "sdk", "url", upstreamUrl)));
        admin.expect(201, "POST", "/gateways", AdminApi.JSON.writeValueAsString(Map.of("name", "Work", "slug", "work",
                "servers", List.of(Map.of("server", "demo", "toolPrefix", "demo"),
                        Map.of("server", "sdk", "toolPrefix", "me", "identityScheme", "per-user")))));
        return admin.createTokenHost("Assistant for many").get("id").asText();
    }
}
