package dev.gatehouse.admin.security;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the {@code roles.<role>} settings: system properties {@code gatehouse.roles.<role>} (role name
 * exactly as the container spells it) and environment variables {@code GATEHOUSE_ROLES_<ROLE>} (role
 * name upper-cased with hyphens as underscores, so {@code GATEHOUSE_ROLES_GATEHOUSE_OPERATOR} means
 * {@code gatehouse-operator}). A system property wins over the environment, as in the core's
 * {@code SettingsSource}; blank values count as absent.
 */
public final class RoleSettings {
    private static final String PROPERTY_PREFIX = "gatehouse.roles.";
    private static final String ENV_PREFIX = "GATEHOUSE_ROLES_";

    private RoleSettings() {
    }

    /** Role name to raw capability list, from the given properties and environment. */
    public static Map<String, String> read(Map<String, String> properties, Map<String, String> environment) {
        Map<String, String> roles = new TreeMap<>();
        environment.forEach((key, value) -> {
            if (key.startsWith(ENV_PREFIX) && key.length() > ENV_PREFIX.length() && !value.isBlank()) {
                roles.put(key.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-'), value);
            }
        });
        properties.forEach((key, value) -> {
            if (key.startsWith(PROPERTY_PREFIX) && key.length() > PROPERTY_PREFIX.length() && !value.isBlank()) {
                roles.put(key.substring(PROPERTY_PREFIX.length()), value);
            }
        });
        return roles;
    }

    /** The settings of this process. */
    public static Map<String, String> fromSystem() {
        Map<String, String> properties = new TreeMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> properties.put(k, System.getProperty(k)));
        return read(properties, System.getenv());
    }
}
