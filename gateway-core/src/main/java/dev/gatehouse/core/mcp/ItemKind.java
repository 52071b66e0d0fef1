package dev.gatehouse.core.mcp;

import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.model.Exposure;
import dev.gatehouse.core.model.GatewayServer;

import java.util.Optional;

/** The kinds of items a gateway merges from its servers: the list method, its result member, the item key. */
public enum ItemKind {
    TOOLS(McpMethods.TOOLS_LIST, "tools", "name"),
    PROMPTS(McpMethods.PROMPTS_LIST, "prompts", "name"),
    RESOURCES(McpMethods.RESOURCES_LIST, "resources", "uri"),
    RESOURCE_TEMPLATES(McpMethods.RESOURCES_TEMPLATES_LIST, "resourceTemplates", "uriTemplate");

    private final String listMethod;
    private final String member;
    private final String key;

    ItemKind(String listMethod, String member, String key) {
        this.listMethod = listMethod;
        this.member = member;
        this.key = key;
    }

    public String listMethod() { return listMethod; }
    /** The result member holding the items ({@code tools}, {@code resourceTemplates}, …). */
    public String member() { return member; }
    /** The member that identifies an item upstream: a name, or for resources a URI (template). */
    public String key() { return key; }

    /** True when items are addressed by name (renamed with the prefix); false for URIs (passed unchanged). */
    public boolean named() {
        return this == TOOLS || this == PROMPTS;
    }

    /** What the server's assignment allows of this kind. */
    public Exposure exposure(GatewayServer s) {
        return switch (this) {
            case TOOLS -> s.tools();
            case PROMPTS -> s.prompts();
            case RESOURCES, RESOURCE_TEMPLATES -> s.resources();
        };
    }

    public static Optional<ItemKind> ofListMethod(String method) {
        for (ItemKind k : values()) {
            if (k.listMethod.equals(method)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
