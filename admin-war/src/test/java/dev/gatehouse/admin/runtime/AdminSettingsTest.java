package dev.gatehouse.admin.runtime;

import dev.gatehouse.core.runtime.SettingsSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminSettingsTest {
    private static SettingsSource source(Map<String, String> properties) {
        return new SettingsSource(properties::get, Map.of());
    }

    @Test
    void fromWhenNothingSetThenDefaults() {
        AdminSettings settings = AdminSettings.from(source(Map.of()), Map.of());

        assertEquals(Optional.empty(), settings.publicBaseUrl());
        assertEquals("/gatehouse", settings.gatewayContextPath());
        assertEquals(65536, settings.maxBodyBytes());
    }

    @Test
    void fromWhenUrlAndPathHaveTrailingSlashesThenTrimmed() {
        AdminSettings settings = AdminSettings.from(source(Map.of("gatehouse.public-base-url", "https://gw.example.com:8443/x/",
                "gatehouse.gateway-context-path", "/")), Map.of());

        assertEquals(Optional.of("https://gw.example.com:8443/x"), settings.publicBaseUrl());
        assertEquals("", settings.gatewayContextPath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gw.example.com", "ftp://gw.example.com", "https://user:pw@gw.example.com",
            "https://gw.example.com/?a=b", "https://"})
    void fromWhenPublicBaseUrlInvalidThenFailsNamingSetting(String value) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AdminSettings.from(source(Map.of("gatehouse.public-base-url", value)), Map.of()));

        assertTrue(e.getMessage().startsWith("Gatehouse setting 'public-base-url' must be an absolute http or https URL"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gatehouse", "/a b", "/a?b"})
    void fromWhenContextPathInvalidThenFailsNamingSetting(String value) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AdminSettings.from(source(Map.of("gatehouse.gateway-context-path", value)), Map.of()));

        assertTrue(e.getMessage().startsWith("Gatehouse setting 'gateway-context-path'"), e.getMessage());
    }

    @Test
    void fromWhenSignOutUrlWithQueryThenKeptAsGiven() {
        String keycloak = "https://kc.example.com/realms/corp/protocol/openid-connect/logout?client_id=gatehouse-console";
        AdminSettings settings = AdminSettings.from(source(Map.of("gatehouse.sign-out-url", " " + keycloak)), Map.of());

        assertEquals(Optional.of(keycloak), settings.signOutUrl());
        assertEquals(Optional.empty(), AdminSettings.from(source(Map.of()), Map.of()).signOutUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kc.example.com/logout", "javascript:alert(1)", "https://user:pw@kc.example.com/logout", "https://"})
    void fromWhenSignOutUrlInvalidThenFailsNamingSetting(String value) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AdminSettings.from(source(Map.of("gatehouse.sign-out-url", value)), Map.of()));

        assertTrue(e.getMessage().startsWith("Gatehouse setting 'sign-out-url' must be an absolute http or https URL"),
                e.getMessage());
    }
}
