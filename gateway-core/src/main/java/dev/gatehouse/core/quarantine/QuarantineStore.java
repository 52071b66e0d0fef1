package dev.gatehouse.core.quarantine;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Which servers are under quarantine, and the approved and pending definitions of their tools. */
public interface QuarantineStore {
    /** The servers under quarantine, with whether their baseline is still to be taken. */
    List<QuarantinedServer> servers();

    Optional<QuarantinedServer> server(String serverId);

    /**
     * Puts a server under quarantine. Its tools as the next {@code tools/list} shows them become the
     * approved baseline, in the name of {@code actor}.
     */
    QuarantinedServer enable(String serverId, String actor);

    boolean disable(String serverId);

    /** Every known tool of the server. */
    List<ToolReview> tools(String serverId);

    Optional<ToolReview> tool(String serverId, String tool);

    /** Records the baseline once: true if this call took it (no other node did first). */
    boolean takeBaseline(String serverId, List<Seen> tools, Instant when);

    /** Records a definition that differs from the approved one; false if it was already recorded. */
    boolean recordPending(String serverId, Seen tool, Instant when);

    /**
     * Approves the pending definition of a tool, if it is still the one with {@code pendingHash}.
     *
     * @return the tool as now stored; empty if there was no such pending definition
     */
    Optional<ToolReview> approve(String serverId, String tool, String pendingHash, String actor, Instant when);

    /** A tool definition as an upstream published it: canonical, and its hash. */
    record Seen(String name, JsonNode definition, String hash) {
    }

    /** A server under quarantine. */
    record QuarantinedServer(String serverId, String enabledBy, Instant enabledAt, boolean baselinePending) {
    }
}
