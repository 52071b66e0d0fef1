package dev.gatehouse.core.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where settings come from: a system property {@code gatehouse.NAME}, else the environment variable
 * {@code GATEHOUSE_NAME} (upper case, hyphens as underscores). Blank values count as absent.
 */
public final class SettingsSource {
    private final Function<String, String> properties;
    private final Map<String, String> environment;

    public SettingsSource(Function<String, String> properties, Map<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    public static SettingsSource system() {
        return new SettingsSource(System::getProperty, System.getenv());
    }

    public Optional<String> get(String name) {
        String value = properties.apply("gatehouse." + name);
        if (value == null || value.isBlank()) {
            value = environment.get("GATEHOUSE_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
