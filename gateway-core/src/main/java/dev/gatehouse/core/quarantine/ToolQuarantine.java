package dev.gatehouse.core.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.text.LogText;

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
 * <p>
 * While the database is unavailable, each node applies what it last read (refusing the quarantined tools,
 * hiding changed definitions, which are recorded for review once it is back); a node that has read nothing
 * of a server yet shows none of its tools and refuses its calls (fail closed).
 */
public final class ToolQuarantine {
    private static final System.Logger LOG = System.getLogger(ToolQuarantine.class.getName());
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
        try {
            return filterOrFail(serverId, serverSlug, tools);
        } catch (RuntimeException e) {
            // the database is unavailable and nothing is known of the server: show none of its tools (fail closed)
            LOG.log(System.Logger.Level.WARNING, "tool quarantine of server " + serverSlug + " unavailable, its tools"
                    + " are hidden: " + e);
            return List.of();
        }
    }

    private List<JsonNode> filterOrFail(String serverId, String serverSlug, List<JsonNode> tools) {
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
            return filterOrFail(serverId, serverSlug, tools);
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
                if (recordPending(serverId, s)) {
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

    /** Records a changed or new definition for review; if the database cannot, the tool stays hidden all the same. */
    private boolean recordPending(String serverId, QuarantineStore.Seen seen) {
        try {
            return store.recordPending(serverId, seen, clock.instant());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "quarantine could not record tool " + LogText.safe(seen.name()) + " for review"
                    + " (hidden and blocked all the same; recorded at the next list): " + e);
            return false;
        }
    }

    /**
     * True when {@code tool} (upstream name) of {@code serverId} may be called.
     *
     * @throws RuntimeException when nothing is known of the server and the database cannot be read: the call
     *                          must then be refused
     */
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
            try {
                s = load(serverId, now);
            } catch (RuntimeException e) {
                if (s == null) {
                    throw e;
                }
                // the database is unavailable: what this node last read (approvals, quarantined tools) holds
                LOG.log(System.Logger.Level.WARNING, "tool quarantine could not be read, applying what was read last: " + e);
                s = new Snapshot(s.enabled(), s.baselinePending(), s.tools(), now);
            }
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
