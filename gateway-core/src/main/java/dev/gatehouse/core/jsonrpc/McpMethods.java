package dev.gatehouse.core.jsonrpc;

import java.util.List;

/** MCP method names and protocol revisions the gateway reads or sends (MCP specification, "Basic"). */
public final class McpMethods {
    public static final String INITIALIZE = "initialize";
    public static final String PING = "ping";
    public static final String TOOLS_LIST = "tools/list";
    public static final String TOOLS_CALL = "tools/call";
    public static final String NOTIFICATION_INITIALIZED = "notifications/initialized";
    public static final String NOTIFICATION_PROGRESS = "notifications/progress";
    public static final String NOTIFICATION_CANCELLED = "notifications/cancelled";

    /** The protocol revisions a client may name in {@code MCP-Protocol-Version}, oldest first. */
    public static final List<String> PROTOCOL_VERSIONS = List.of("2025-03-26", "2025-06-18", "2025-11-25");

    /** The revision the gateway asks for when it opens a session of its own with an upstream. */
    public static final String GATEWAY_PROTOCOL_VERSION = "2025-06-18";

    private McpMethods() {
    }
}
