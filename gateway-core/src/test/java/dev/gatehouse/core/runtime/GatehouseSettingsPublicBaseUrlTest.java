package dev.gatehouse.core.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GatehouseSettingsPublicBaseUrlTest {
    @Test
    void parseBaseUrlWhenTrailingSlashThenRemoved() {
        assertEquals(URI.create("https://mcp.example.com"), GatehouseSettings.parseBaseUrl(" https://mcp.example.com/ "));
        assertEquals(URI.create("http://10.0.0.5:8080/edge"), GatehouseSettings.parseBaseUrl("http://10.0.0.5:8080/edge/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mcp.example.com", "ftp://mcp.example.com", "https://mcp.example.com/?a=1",
            "https://mcp.example.com/#x", "https://user:pw@mcp.example.com", "https://bad host"})
    void parseBaseUrlWhenNotAPlainHttpUrlThenRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> GatehouseSettings.parseBaseUrl(value));
    }

    @Test
    void constructorWhenWithoutBaseUrlThenNone() {
        GatehouseSettings s = new GatehouseSettings("n", new byte[32], "k", Duration.ofSeconds(1), 1024, List.of());
        assertNull(s.publicBaseUrl());
    }

    @Test
    void loadWhenSettingGivenThenParsedOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        SettingsSource source = new SettingsSource(name -> name.equals("gatehouse.public-base-url") ? "https://gw.example/" : null,
                java.util.Map.of());
        assertEquals(URI.create("https://gw.example"), KeyStoreFile.load(dir, source).publicBaseUrl());
    }

    @Test
    void loadWhenSettingInvalidThenStartFailsWithTheReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        SettingsSource source = new SettingsSource(name -> name.equals("gatehouse.public-base-url") ? "gw.example" : null,
                java.util.Map.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyStoreFile.load(dir, source));
        assertEquals("gatehouse public-base-url must be an absolute http(s) URL without query, fragment or credentials: gw.example",
                e.getMessage());
    }
}
