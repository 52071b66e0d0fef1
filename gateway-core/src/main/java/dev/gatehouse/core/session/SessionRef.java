package dev.gatehouse.core.session;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A live Gatehouse session as one request sees it: its id (to update the store) and its state as read
 * at the start of the request, plus the upstream sessions opened since.
 */
public final class SessionRef {
    private final String id;
    private final McpSession state;
    private final Map<String, UpstreamLink> links;

    public SessionRef(String id, McpSession state) {
        this.id = Objects.requireNonNull(id, "id");
        this.state = Objects.requireNonNull(state, "state");
        this.links = new ConcurrentHashMap<>(state.upstreams());
    }

    public String id() {
        return id;
    }

    public McpSession state() {
        return state;
    }

    /** The upstream session on a server, if one is open. */
    public UpstreamLink link(String serverId) {
        return links.get(serverId);
    }

    void relink(String serverId, UpstreamLink link) {
        links.put(serverId, link);
    }

    void unlink(String serverId, UpstreamLink stale) {
        links.remove(serverId, stale);
    }

    @Override
    public String toString() {
        return "SessionRef[" + state.shortHandle() + "]";
    }
}
