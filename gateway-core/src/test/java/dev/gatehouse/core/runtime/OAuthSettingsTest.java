package dev.gatehouse.core.runtime;

import dev.gatehouse.core.oauth.OAuthSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authorization server's lifetimes and registration limits, read once at start like every other setting. */
class OAuthSettingsTest {
    private static SettingsSource env(Map<String, String> environment) {
        return new SettingsSource(k -> null, environment);
    }

    @Test
    void oauthSettingsWhenNoneGivenThenTheDocumentedDefaults() {
        OAuthSettings s = Gatehouse.oauthSettings(env(Map.of()));

        assertEquals(OAuthSettings.defaults(), s);
        assertEquals(Duration.ofMinutes(2), s.codeTtl());
        assertEquals(Duration.ofHours(1), s.accessTokenTtl());
        assertEquals(Duration.ofDays(30), s.refreshTokenTtl());
        assertEquals(Duration.ofMinutes(2), s.refreshGrace());
        assertEquals(1000, s.maxUnusedRegistrations());
        assertEquals(20, s.registrationsPerAddressPerMinute());
        assertFalse(s.allowPrivateMetadataHosts());
    }

    @Test
    void oauthSettingsWhenGivenAsEnvironmentOrPropertiesThenUsed() {
        OAuthSettings s = Gatehouse.oauthSettings(env(Map.of("GATEHOUSE_OAUTH_CODE_SECONDS", "60",
                "GATEHOUSE_OAUTH_ACCESS_TOKEN_SECONDS", "300", "GATEHOUSE_OAUTH_REFRESH_TOKEN_SECONDS", "86400",
                "GATEHOUSE_OAUTH_REFRESH_GRACE_SECONDS", "30", "GATEHOUSE_OAUTH_MAX_UNUSED_REGISTRATIONS", "50",
                "GATEHOUSE_OAUTH_REGISTRATIONS_PER_MINUTE", "5", "GATEHOUSE_OAUTH_CIMD_ALLOW_PRIVATE_HOSTS", "true")));

        assertEquals(Duration.ofSeconds(60), s.codeTtl());
        assertEquals(Duration.ofSeconds(300), s.accessTokenTtl());
        assertEquals(Duration.ofDays(1), s.refreshTokenTtl());
        assertEquals(Duration.ofSeconds(30), s.refreshGrace());
        assertEquals(50, s.maxUnusedRegistrations());
        assertEquals(5, s.registrationsPerAddressPerMinute());
        assertTrue(s.allowPrivateMetadataHosts());
        OAuthSettings fromProperties = Gatehouse.oauthSettings(new SettingsSource(
                k -> Map.of("gatehouse.oauth-access-token-seconds", "600",
                        "gatehouse.oauth.cimd-allow-private-hosts", "true").get(k), Map.of()));
        assertEquals(Duration.ofMinutes(10), fromProperties.accessTokenTtl());
        assertTrue(fromProperties.allowPrivateMetadataHosts());
    }

    @Test
    void oauthSettingsWhenBadThenTheStartFailsWithAMessageNamingTheSetting() {
        Map<Map<String, String>, String> bad = Map.of(
                Map.of("GATEHOUSE_OAUTH_ACCESS_TOKEN_SECONDS", "an hour"), "oauth-access-token-seconds",
                Map.of("GATEHOUSE_OAUTH_CODE_SECONDS", "0"), "oauth-code-seconds",
                Map.of("GATEHOUSE_OAUTH_CODE_SECONDS", "601"), "oauth-code-seconds",
                Map.of("GATEHOUSE_OAUTH_REFRESH_TOKEN_SECONDS", "-5"), "oauth-refresh-token-seconds",
                Map.of("GATEHOUSE_OAUTH_REFRESH_GRACE_SECONDS", "-1"), "oauth-refresh-grace-seconds",
                Map.of("GATEHOUSE_OAUTH_ACCESS_TOKEN_SECONDS", "7200", "GATEHOUSE_OAUTH_REFRESH_TOKEN_SECONDS", "3600"),
                "oauth-access-token-seconds",
                Map.of("GATEHOUSE_OAUTH_REFRESH_GRACE_SECONDS", "3600", "GATEHOUSE_OAUTH_REFRESH_TOKEN_SECONDS", "3600",
                        "GATEHOUSE_OAUTH_ACCESS_TOKEN_SECONDS", "60"), "oauth-refresh-grace-seconds",
                Map.of("GATEHOUSE_OAUTH_REFRESH_TOKEN_SECONDS", "99999999999"), "oauth-refresh-token-seconds",
                Map.of("GATEHOUSE_OAUTH_MAX_UNUSED_REGISTRATIONS", "0"), "oauth-max-unused-registrations",
                Map.of("GATEHOUSE_OAUTH_REGISTRATIONS_PER_MINUTE", "0"), "oauth-registrations-per-minute");
        bad.forEach((environment, setting) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gatehouse.oauthSettings(env(environment)), environment.toString());
            assertTrue(e.getMessage().contains(setting), environment + ": " + e.getMessage());
        });
    }
}
