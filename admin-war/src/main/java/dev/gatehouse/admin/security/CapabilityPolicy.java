package dev.gatehouse.admin.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which container roles grant which capabilities. Parsed once at deployment and immutable afterwards;
 * a setting naming an unknown capability fails the deployment rather than silently granting less
 * (or more) than the operator meant.
 * <p>
 * Defaults: {@code gatehouse-admin} has every capability but {@code audit:retention}; {@code gatehouse-operator} manages hosts,
 * issues tokens, disables connections, reads logs and connects interactive clients; {@code gatehouse-auditor} reads and exports logs; {@code gatehouse-retention} sets
 * retention policies and runs retention (and reads logs, to check what it did).
 */
public final class CapabilityPolicy {
    public static final String ADMIN_ROLE = "gatehouse-admin";
    public static final String OPERATOR_ROLE = "gatehouse-operator";
    public static final String AUDITOR_ROLE = "gatehouse-auditor";
    public static final String RETENTION_ROLE = "gatehouse-retention";

    /** The value that grants a role nothing (a blank value means "keep the default"). */
    static final String NONE = "none";

    private final Map<String, Set<Capability>> grants;

    private CapabilityPolicy(Map<String, Set<Capability>> grants) {
        Map<String, Set<Capability>> copy = new LinkedHashMap<>();
        grants.forEach((role, caps) -> copy.put(role, Collections.unmodifiableSet(EnumSet.copyOf(caps))));
        this.grants = Collections.unmodifiableMap(copy);
    }

    /** The built-in grants. */
    public static CapabilityPolicy defaults() {
        return new CapabilityPolicy(defaultGrants());
    }

    /**
     * The defaults with the given roles' grants replaced.
     *
     * @param overrides role name to a comma-separated list of capability wire names, or {@code none}
     * @throws IllegalStateException naming the setting when a capability name is unknown
     */
    public static CapabilityPolicy withOverrides(Map<String, String> overrides) {
        Map<String, Set<Capability>> grants = defaultGrants();
        overrides.forEach((role, value) -> grants.put(role, parse(role, value)));
        return new CapabilityPolicy(grants);
    }

    /** The capabilities of a user, given a test of the user's container roles. */
    public Set<Capability> capabilitiesOf(Predicate<String> isInRole) {
        EnumSet<Capability> granted = EnumSet.noneOf(Capability.class);
        grants.forEach((role, caps) -> {
            if (!caps.isEmpty() && isInRole.test(role)) {
                granted.addAll(caps);
            }
        });
        return Collections.unmodifiableSet(granted);
    }

    /** Every role this policy knows, with what it grants. */
    public Map<String, Set<Capability>> grants() {
        return grants;
    }

    private static Map<String, Set<Capability>> defaultGrants() {
        Map<String, Set<Capability>> grants = new LinkedHashMap<>();
        grants.put(ADMIN_ROLE, EnumSet.complementOf(EnumSet.of(Capability.AUDIT_RETENTION)));
        grants.put(OPERATOR_ROLE, EnumSet.of(Capability.HOSTS_MANAGE, Capability.TOKENS_ISSUE,
                Capability.CONNECTIONS_DISABLE, Capability.LOGS_READ, Capability.OAUTH_AUTHORIZE));
        grants.put(AUDITOR_ROLE, EnumSet.of(Capability.LOGS_READ, Capability.LOGS_EXPORT));
        grants.put(RETENTION_ROLE, EnumSet.of(Capability.AUDIT_RETENTION, Capability.LOGS_READ));
        return grants;
    }

    private static Set<Capability> parse(String role, String value) {
        if (role == null || role.isBlank() || role.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalStateException("Gatehouse setting 'roles.<role>': the role name must be non-blank"
                    + " without spaces, got '" + role + "'");
        }
        EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
        if (value.strip().equals(NONE)) {
            return caps;
        }
        for (String name : value.split(",", -1)) {
            String wire = name.strip();
            caps.add(Capability.fromWire(wire).orElseThrow(() -> new IllegalStateException(
                    "Gatehouse setting 'roles." + role + "' names an unknown capability '" + wire + "'; known: "
                            + String.join(", ", wireNames()) + " (or 'none')")));
        }
        return caps;
    }

    private static List<String> wireNames() {
        return List.of(Capability.values()).stream().map(Capability::wireName).toList();
    }
}
