package dev.gatehouse.core.jsonrpc;

import java.util.Map;
import java.util.Set;

/**
 * The methods a client may send, per protocol revision, exactly as the MCP schema of each revision
 * names them ({@code ClientRequest} and {@code ClientNotification} in {@code schema/{revision}/schema.ts}).
 * Method names are case-sensitive. A method outside its revision's set is refused by the gateway
 * (-32601) and never forwarded: an upstream must not receive what the gateway cannot govern.
 * <p>
 * {@code initialize} and {@code server/discover} are known under every revision: they are how a client
 * learns which revision to speak, so it cannot be expected to speak the right one yet. The 2026-07-28
 * revision moved tasks to the official extension {@code io.modelcontextprotocol/tasks}, whose methods
 * ({@code tasks/get}, {@code tasks/update}, {@code tasks/cancel}) are known there.
 */
public final class ClientMethods {
    private static final Set<String> ENTRY = Set.of(McpMethods.INITIALIZE, McpMethods.SERVER_DISCOVER);

    private static final Set<String> REQUESTS_2025_03 = Set.of(McpMethods.PING, McpMethods.INITIALIZE,
            McpMethods.COMPLETION_COMPLETE, McpMethods.LOGGING_SET_LEVEL, McpMethods.PROMPTS_GET, McpMethods.PROMPTS_LIST,
            McpMethods.RESOURCES_LIST, McpMethods.RESOURCES_TEMPLATES_LIST, McpMethods.RESOURCES_READ,
            McpMethods.RESOURCES_SUBSCRIBE, McpMethods.RESOURCES_UNSUBSCRIBE, McpMethods.TOOLS_CALL, McpMethods.TOOLS_LIST);
    private static final Set<String> NOTIFICATIONS_2025_03 = Set.of(McpMethods.NOTIFICATION_CANCELLED,
            McpMethods.NOTIFICATION_PROGRESS, McpMethods.NOTIFICATION_INITIALIZED, "notifications/roots/list_changed");

    private static final Set<String> REQUESTS_2025_11 = union(REQUESTS_2025_03,
            Set.of("tasks/get", "tasks/result", "tasks/list", "tasks/cancel"));
    private static final Set<String> NOTIFICATIONS_2025_11 = union(NOTIFICATIONS_2025_03, Set.of("notifications/tasks/status"));

    private static final Set<String> REQUESTS_2026_07 = Set.of(McpMethods.SERVER_DISCOVER, McpMethods.COMPLETION_COMPLETE,
            McpMethods.PROMPTS_GET, McpMethods.PROMPTS_LIST, McpMethods.RESOURCES_LIST, McpMethods.RESOURCES_TEMPLATES_LIST,
            McpMethods.RESOURCES_READ, "subscriptions/listen", McpMethods.TOOLS_CALL, McpMethods.TOOLS_LIST,
            "tasks/get", "tasks/update", "tasks/cancel");
    private static final Set<String> NOTIFICATIONS_2026_07 = Set.of(McpMethods.NOTIFICATION_CANCELLED);

    private record Revision(Set<String> requests, Set<String> notifications) {
    }

    private static final Map<String, Revision> REVISIONS = Map.of(
            "2025-03-26", new Revision(REQUESTS_2025_03, NOTIFICATIONS_2025_03),
            "2025-06-18", new Revision(REQUESTS_2025_03, NOTIFICATIONS_2025_03),
            "2025-11-25", new Revision(REQUESTS_2025_11, NOTIFICATIONS_2025_11),
            McpMethods.STATELESS_VERSION, new Revision(REQUESTS_2026_07, NOTIFICATIONS_2026_07));

    private ClientMethods() {
    }

    /** True when {@code method} is a request a client may send under {@code revision}. */
    public static boolean request(String revision, String method) {
        return ENTRY.contains(method) || of(revision).requests().contains(method);
    }

    /** True when {@code method} is a notification a client may send under {@code revision}. */
    public static boolean notification(String revision, String method) {
        return of(revision).notifications().contains(method);
    }

    private static Revision of(String revision) {
        Revision r = REVISIONS.get(revision);
        return r != null ? r : REVISIONS.get(McpMethods.ASSUMED_VERSION);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
