package dev.gatehouse.core.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.store.RequestRejected;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Sinks given by the setting {@code audit-sinks} (system property {@code gatehouse.audit-sinks} or
 * {@code GATEHOUSE_AUDIT_SINKS}): a JSON array of the admin API's sink objects, for deployments configured as
 * code. Parsed and checked once at start; a bad value fails the start naming the sink and the field. Each
 * gets a stable id from its name (its cursors survive restarts); its secret stays in the setting, never in
 * the database; the admin API shows it and cannot delete it.
 */
public final class SettingsSinks {
    public static final String SETTING = "audit-sinks";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AuditSink> sinks;
    private final Map<String, String> secrets;

    private SettingsSinks(List<AuditSink> sinks, Map<String, String> secrets) {
        this.sinks = List.copyOf(sinks);
        this.secrets = Map.copyOf(secrets);
    }

    public static SettingsSinks none() {
        return new SettingsSinks(List.of(), Map.of());
    }

    public static SettingsSinks parse(String value, boolean allowPlainHttp) {
        JsonNode array;
        try {
            array = JSON.readTree(value.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // never the parser's message: it may quote the value, and the value holds secrets
            throw new IllegalArgumentException("gatehouse " + SETTING + " is not JSON");
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("gatehouse " + SETTING + " must be a JSON array of sinks");
        }
        List<AuditSink> sinks = new ArrayList<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (JsonNode o : array) {
            String name = text(o, "name");
            try {
                NewAuditSink spec = new NewAuditSink(name, SinkKind.fromWire(text(o, "kind")).orElse(null),
                        text(o, "url") != null ? text(o, "url") : text(o, "target"),
                        text(o, "format") == null ? null : PayloadFormat.fromWire(text(o, "format"))
                                .orElseThrow(() -> RequestRejected.invalid("format: json or cef")),
                        text(o, "secret"), text(o, "caCertificate"), text(o, "index"),
                        text(o, "from") == null ? null : StartMode.fromWire(text(o, "from"))
                                .orElseThrow(() -> RequestRejected.invalid("from: beginning or now"))).checked(allowPlainHttp);
                if (!names.add(spec.name())) {
                    throw RequestRejected.invalid("name: given twice");
                }
                String id = UUID.nameUUIDFromBytes(("audit-sink-setting:" + spec.name()).getBytes(StandardCharsets.UTF_8)).toString();
                sinks.add(new AuditSink(id, spec.name(), spec.kind(), spec.target(), spec.format(), spec.secret() != null,
                        spec.caCertificate(), spec.index(), spec.startMode(), "settings", Instant.EPOCH));
                if (spec.secret() != null) {
                    secrets.put(id, spec.secret());
                }
            } catch (RequestRejected e) {
                throw new IllegalArgumentException("gatehouse " + SETTING + ": sink '" + name + "': " + e.getMessage());
            }
        }
        return new SettingsSinks(sinks, secrets);
    }

    public List<AuditSink> sinks() {
        return sinks;
    }

    /** True when the sink with this id comes from the setting. */
    public boolean contains(String id) {
        return sinks.stream().anyMatch(s -> s.id().equals(id));
    }

    String secret(String id) {
        return secrets.get(id);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
