package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.store.RequestRejected;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one JSON form of a rule, used by the admin API and for storage:
 * <pre>
 * {"name", "description", "enabled", "priority", "hosts": [ids], "tools": "glob", "hook": "request|response|both",
 *  "detect": {"type": "regex", "patterns": [..], "keys": false}
 *          | {"type": "builtin", "detectors": ["secrets", "personal_data", "email", ..], "keys": false}
 *          | {"type": "always"}
 *          | {"type": "webhook", "url", "timeoutMs", "failOpen", "secret"? (write-only; shown as "hasSecret")},
 *  "action": {"type": "block" | "redact" | "hash"} | {"type": "replace", "text"} | {"type": "mask", "keepLast"}
 *          | {"type": "require_approval", "timeoutSeconds"},
 *  "observe": false}
 * </pre>
 * Reading refuses with a {@link RequestRejected} naming the field; content checks are
 * {@link RuleCompiler#validate}'s.
 */
public final class RuleJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    public static final int DEFAULT_PRIORITY = 100;
    public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofMinutes(10);

    /** A rule's fields, and those only its view has (ignored when a rule read is sent back, so GET then PUT works). */
    private static final Set<String> RULE_FIELDS = Set.of("name", "description", "enabled", "priority", "hosts", "tools",
            "hook", "detect", "action", "observe", "id", "gateway", "createdBy", "createdAt", "updatedAt");
    private static final Set<String> DETECT_FIELDS = Set.of("type", "patterns", "detectors", "keys", "url", "timeoutMs",
            "failOpen", "secret", "hasSecret");
    private static final Set<String> ACTION_FIELDS = Set.of("type", "text", "keepLast", "timeoutSeconds");

    private RuleJson() {
    }

    /** A field a rule does not have is refused, as every admin API body refuses one: a misspelt field must not pass unseen. */
    private static void onlyKnown(JsonNode object, String prefix, Set<String> known) {
        List<String> unknown = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add("'" + prefix + name + "' is not a known field");
            }
        });
        if (!unknown.isEmpty()) {
            throw RequestRejected.invalid(String.join("; ", unknown));
        }
    }

    /** The specification in a request body (not yet validated for content). */
    public static RuleSpec spec(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw RequestRejected.invalid("the body must be a JSON object");
        }
        onlyKnown(body, "", RULE_FIELDS);
        JsonNode detect = body.get("detect");
        if (detect != null && detect.isObject()) {
            onlyKnown(detect, "detect.", DETECT_FIELDS);
        }
        Detection detection = detect == null || detect.isNull() ? null : detection(detect);
        JsonNode action = body.get("action");
        if (action != null && action.isObject()) {
            onlyKnown(action, "action.", ACTION_FIELDS);
        }
        return new RuleSpec(text(body, "name"), text(body, "description"), bool(body, "enabled", true),
                integer(body, "priority", DEFAULT_PRIORITY), strings(body, "hosts"), text(body, "tools"),
                hook(body), detection, detect != null && bool(detect, "keys", false),
                action == null || action.isNull() ? null : action(action), bool(body, "observe", false));
    }

    /** The rule as the admin API shows it. */
    public static ObjectNode view(Rule r) {
        ObjectNode o = NODES.objectNode();
        o.put("id", r.id());
        o.put("gateway", r.gateway());
        o.put("name", r.name());
        o.put("description", r.description());
        o.put("enabled", r.enabled());
        o.put("priority", r.priority());
        ArrayNode hosts = o.putArray("hosts");
        r.hostIds().forEach(hosts::add);
        o.put("tools", r.toolPattern());
        o.put("hook", r.hook().wireName());
        o.set("detect", detection(r.detection(), r.includeKeys()));
        o.set("action", r.action() == null ? NODES.nullNode() : action(r.action()));
        o.put("observe", r.observe());
        o.put("createdBy", r.createdBy());
        o.put("createdAt", r.createdAt() == null ? null : r.createdAt().toString());
        o.put("updatedAt", r.updatedAt() == null ? null : r.updatedAt().toString());
        return o;
    }

    public static ObjectNode detection(Detection d, boolean keys) {
        ObjectNode o = NODES.objectNode().put("type", d.kind());
        if (d instanceof Detection.Patterns p) {
            ArrayNode a = o.putArray("patterns");
            p.patterns().forEach(a::add);
            o.put("keys", keys);
        } else if (d instanceof Detection.BuiltIns b) {
            ArrayNode a = o.putArray("detectors");
            b.detectors().stream().sorted().forEach(x -> a.add(x.wireName()));
            o.put("keys", keys);
        } else if (d instanceof Detection.Webhook w) {
            o.put("url", w.url().toString());
            o.put("timeoutMs", w.timeout().toMillis());
            o.put("failOpen", w.failOpen());
            o.put("hasSecret", w.signed()); // the secret itself is write-only
        }
        return o;
    }

    public static Detection detection(JsonNode d) {
        if (!d.isObject()) {
            throw RequestRejected.invalid("'detect' must be an object");
        }
        String type = text(d, "type");
        if (type == null) {
            throw RequestRejected.invalid("'detect.type' is required: regex, builtin, always or webhook");
        }
        switch (type) {
            case "regex":
                return new Detection.Patterns(strings(d, "patterns"));
            case "builtin":
                Set<BuiltInDetector> set = EnumSet.noneOf(BuiltInDetector.class);
                for (String name : strings(d, "detectors")) {
                    set.addAll(BuiltInDetector.fromWire(name).orElseThrow(() -> RequestRejected.invalid(
                            "'detect.detectors' names an unknown detector '" + name + "'; known: " + known())));
                }
                return new Detection.BuiltIns(set);
            case "always":
                return new Detection.Always();
            case "webhook":
                String url = text(d, "url");
                if (url == null) {
                    throw RequestRejected.invalid("'detect.url' is required for a webhook");
                }
                try {
                    Long ms = d.has("timeoutMs") ? (long) integer(d, "timeoutMs", 0) : null;
                    return new Detection.Webhook(new URI(url), ms == null ? null : Duration.ofMillis(ms),
                            bool(d, "failOpen", false), signingKey(d));
                } catch (URISyntaxException e) {
                    throw RequestRejected.invalid("'detect.url' is not a URL");
                }
            default:
                throw RequestRejected.invalid("'detect.type' must be regex, builtin, always or webhook");
        }
    }

    /** {@code "secret"}: absent keeps what a replaced rule had; null or empty removes it; text sets it. */
    private static SigningKey signingKey(JsonNode d) {
        if (!d.has("secret")) {
            return null;
        }
        String secret = text(d, "secret");
        return secret == null ? SigningKey.NONE : SigningKey.of(secret);
    }

    public static ObjectNode action(RuleAction a) {
        ObjectNode o = NODES.objectNode().put("type", a.kind());
        if (a instanceof RuleAction.Replace r) {
            o.put("text", r.text());
        } else if (a instanceof RuleAction.Mask m) {
            o.put("keepLast", m.keepLast());
        } else if (a instanceof RuleAction.RequireApproval r) {
            o.put("timeoutSeconds", r.timeout().toSeconds());
        }
        return o;
    }

    public static RuleAction action(JsonNode a) {
        if (!a.isObject()) {
            throw RequestRejected.invalid("'action' must be an object");
        }
        String type = text(a, "type");
        try {
            return switch (type == null ? "" : type) {
                case "block" -> new RuleAction.Block();
                case "redact" -> new RuleAction.Redact();
                case "hash" -> new RuleAction.Hash();
                case "replace" -> new RuleAction.Replace(text(a, "text") == null ? "" : text(a, "text"));
                case "mask" -> new RuleAction.Mask(integer(a, "keepLast", 4));
                case "require_approval" -> new RuleAction.RequireApproval(
                        Duration.ofSeconds(integer(a, "timeoutSeconds", (int) DEFAULT_APPROVAL_TIMEOUT.toSeconds())));
                default -> throw RequestRejected.invalid(
                        "'action.type' must be block, redact, replace, mask, hash or require_approval");
            };
        } catch (IllegalArgumentException e) {
            throw RequestRejected.invalid("'action': " + e.getMessage());
        }
    }

    /** Storage form of a detection or an action: compact JSON text. */
    public static String compact(JsonNode node) {
        return node.toString();
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("a stored rule column is not JSON", e);
        }
    }

    private static String known() {
        List<String> names = new ArrayList<>();
        for (BuiltInDetector.Group g : BuiltInDetector.Group.values()) {
            names.add(g.wireName());
        }
        for (BuiltInDetector d : BuiltInDetector.values()) {
            names.add(d.wireName());
        }
        return String.join(", ", names);
    }

    private static Hook hook(JsonNode body) {
        String h = text(body, "hook");
        if (h == null) {
            return null;
        }
        return Hook.fromWire(h).orElseThrow(() -> RequestRejected.invalid("'hook' must be request, response or both"));
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw RequestRejected.invalid("'" + field + "' must be a string");
        }
        return n.textValue();
    }

    private static boolean bool(JsonNode o, String field, boolean absent) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return absent;
        }
        if (!n.isBoolean()) {
            throw RequestRejected.invalid("'" + field + "' must be true or false");
        }
        return n.booleanValue();
    }

    private static int integer(JsonNode o, String field, int absent) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return absent;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw RequestRejected.invalid("'" + field + "' must be a whole number");
        }
        return n.intValue();
    }

    private static List<String> strings(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw RequestRejected.invalid("'" + field + "' must be an array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : n) {
            if (!item.isTextual()) {
                throw RequestRejected.invalid("'" + field + "' must be an array of strings");
            }
            out.add(item.textValue());
        }
        return List.copyOf(out);
    }
}
