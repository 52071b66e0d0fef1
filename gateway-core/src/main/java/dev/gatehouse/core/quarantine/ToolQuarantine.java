package dev.gatehouse.core.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tool quarantine against "rug pulls": for a server under quarantine, a tool whose definition differs
 * from the one an admin approved (or a tool never approved) is left out of {@code tools/list} and its
 * calls are refused until an admin reviews the difference and approves it. The change is an audit
 * record the first time it is seen. What each node knows is read from the database at most once per
 * {@code refresh}; a call costs a map look-up.
 * <p>
 * A definition can only change where Gatehouse sees it, in a list: a call made without listing after
 * the upstream changed a tool is checked against what the last list showed.
 */
public final class ToolQuarantine {
    private final QuarantineStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final long refreshMillis;
    private final ConcurrentHashMap<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** What this node knows of one server: under quarantine or not, and its tools by name. */
    private record Snapshot(boolean enabled, boolean baselinePending, Map<String, ToolReview> tools, long loadedAt) {
    }

    public ToolQuarantine(QuarantineStore store, AuditLog audit, Clock clock, Duration refresh) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.refreshMillis = refresh.toMillis();
    }

    /**
     * The tools of {@code serverId}'s {@code tools/list} that may be shown (upstream names, definitions
     * as the upstream sent them); changed and new ones are recorded for review and left out.
     *
     * @param serverSlug for the audit record
     */
    public List<JsonNode> filter(String serverId, String serverSlug, List<JsonNode> tools) {
        Snapshot snap = snapshot(serverId);
        if (!snap.enabled()) {
            return tools;
        }
        List<QuarantineStore.Seen> seen = new ArrayList<>(tools.size());
        for (JsonNode tool : tools) {
            JsonNode canonical = ToolFingerprint.canonical(tool);
            seen.add(new QuarantineStore.Seen(tool.path("name").asText(""), canonical, ToolFingerprint.hash(canonical)));
        }
        if (snap.baselinePending()) {
            if (store.takeBaseline(serverId, seen, clock.instant())) {
                audit.append(AuditEvent.builder(AuditKind.QUARANTINE, Outcome.SUCCESS).server(serverSlug)
                        .detail("baseline of " + seen.size() + " tool definitions approved").build());
            }
            snapshots.remove(serverId);
            return filter(serverId, serverSlug, tools);
        }
        List<JsonNode> shown = new ArrayList<>(tools.size());
        boolean changed = false;
        for (int i = 0; i < tools.size(); i++) {
            QuarantineStore.Seen s = seen.get(i);
            ToolReview known = snap.tools().get(s.name());
            if (known != null && s.hash().equals(known.approvedHash()) && known.pendingHash() == null) {
                shown.add(tools.get(i));
            } else if (known == null || !s.hash().equals(known.pendingHash())) {
                if (known != null && s.hash().equals(known.approvedHash())) {
                    continue; // back to the approved definition, but a review is open: it stays hidden until then
                }
                if (store.recordPending(serverId, s, clock.instant())) {
                    audit.append(AuditEvent.builder(AuditKind.QUARANTINE, Outcome.DENIED).server(serverSlug)
                            .tool(s.name()).detail((known == null || known.approvedHash() == null ? "new tool" : "definition changed")
                                    + " (sha256 " + s.hash().substring(0, 12) + "): hidden and blocked until reviewed").build());
                }
                changed = true;
            }
        }
        if (changed) {
            snapshots.remove(serverId);
        }
        return shown;
    }

    /** True when {@code tool} (upstream name) of {@code serverId} may be called. */
    public boolean allowed(String serverId, String tool) {
        Snapshot snap = snapshot(serverId);
        if (!snap.enabled() || snap.baselinePending()) {
            return true;
        }
        ToolReview known = snap.tools().get(tool);
        return known != null && !known.quarantined();
    }

    /** Forgets what this node knows of a server (after a change through this node). */
    public void changed(String serverId) {
        snapshots.remove(serverId);
    }

    private Snapshot snapshot(String serverId) {
        long now = clock.millis();
        Snapshot s = snapshots.get(serverId);
        if (s == null || now - s.loadedAt() >= refreshMillis) {
            s = load(serverId, now);
            snapshots.put(serverId, s);
        }
        return s;
    }

    private Snapshot load(String serverId, long now) {
        var server = store.server(serverId);
        if (server.isEmpty()) {
            return new Snapshot(false, false, Map.of(), now);
        }
        Map<String, ToolReview> tools = new HashMap<>();
        store.tools(serverId).forEach(t -> tools.put(t.tool(), t));
        return new Snapshot(true, server.get().baselinePending(), Map.copyOf(tools), now);
    }
}
