package dev.gatehouse.core.jsonrpc;

import java.util.List;

/** MCP method names and protocol revisions the gateway reads or sends (MCP specification, "Basic"). */
public final class McpMethods {
    public static final String INITIALIZE = "initialize";
    public static final String PING = "ping";
    public static final String TOOLS_LIST = "tools/list";
    public static final String TOOLS_CALL = "tools/call";
    public static final String PROMPTS_LIST = "prompts/list";
    public static final String PROMPTS_GET = "prompts/get";
    public static final String RESOURCES_LIST = "resources/list";
    public static final String RESOURCES_TEMPLATES_LIST = "resources/templates/list";
    public static final String RESOURCES_READ = "resources/read";
    public static final String RESOURCES_SUBSCRIBE = "resources/subscribe";
    public static final String RESOURCES_UNSUBSCRIBE = "resources/unsubscribe";
    public static final String COMPLETION_COMPLETE = "completion/complete";
    public static final String LOGGING_SET_LEVEL = "logging/setLevel";
    /** The stateless revision's replacement for the handshake (MCP 2026-07-28, "server/discover"). */
    public static final String SERVER_DISCOVER = "server/discover";
    public static final String NOTIFICATION_INITIALIZED = "notifications/initialized";
    public static final String NOTIFICATION_PROGRESS = "notifications/progress";
    public static final String NOTIFICATION_CANCELLED = "notifications/cancelled";

    /** The protocol revisions a client may name in {@code MCP-Protocol-Version}, oldest first. */
    public static final List<String> PROTOCOL_VERSIONS = List.of("2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28");

    /** The revisions that use the initialize handshake and sessions, oldest first. */
    public static final List<String> SESSION_VERSIONS = List.of("2025-03-26", "2025-06-18", "2025-11-25");

    /** The stateless revision: no handshake, no session, routing headers on every POST. */
    public static final String STATELESS_VERSION = "2026-07-28";

    /** What a request without {@code MCP-Protocol-Version} is taken to speak (MCP 2025-06-18, "Transports"). */
    public static final String ASSUMED_VERSION = "2025-03-26";

    /** The revision the gateway asks for when it opens a session of its own with an upstream. */
    public static final String GATEWAY_PROTOCOL_VERSION = "2025-11-25";

    /** The first revision that defines tasks (MCP 2025-11-25, "Tasks"): the server capability and {@code tasks/*}. */
    public static final String TASKS_SINCE = "2025-11-25";

    private McpMethods() {
    }

    /** True when {@code protocolVersion} defines the {@code tasks} capability (revisions are dated, so they sort). */
    public static boolean definesTasks(String protocolVersion) {
        return protocolVersion != null && protocolVersion.compareTo(TASKS_SINCE) >= 0;
    }

    /**
     * The revision answered to an {@code initialize} that asked for {@code requested}: the same when it
     * is a session revision Gatehouse speaks, else the newest session revision (the client then decides
     * whether it can continue, MCP "Lifecycle", version negotiation).
     */
    public static String negotiate(String requested) {
        return SESSION_VERSIONS.contains(requested) ? requested : GATEWAY_PROTOCOL_VERSION;
    }
}
