package dev.gatehouse.core.mcp;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node has learnt from merged lists about where published names and URIs lead, per gateway:
 * consulted when a name's form alone does not tell (unprefixed names across servers, shortened names,
 * resource URIs). Stale entries are harmless: the upstream then answers that it has no such item.
 */
public final class NameIndex {
    private record Key(String gateway, ItemKind kind, String published) {
    }

    /** Where one published item leads. */
    public record Entry(String serverId, String upstreamName) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Key, Entry> templates = new ConcurrentHashMap<>();

    public void learn(String gateway, ItemKind kind, String published, String serverId, String upstreamName) {
        Key key = new Key(gateway, kind == ItemKind.RESOURCE_TEMPLATES ? ItemKind.RESOURCES : kind, published);
        (kind == ItemKind.RESOURCE_TEMPLATES ? templates : entries).put(key, new Entry(serverId, upstreamName));
    }

    /** Where a published tool or prompt name, or a resource URI, leads. */
    public Optional<Entry> find(String gateway, ItemKind kind, String publishedOrUri) {
        Entry exact = entries.get(new Key(gateway, kind, publishedOrUri));
        if (exact != null || kind != ItemKind.RESOURCES) {
            return Optional.ofNullable(exact);
        }
        return templates.entrySet().stream()
                .filter(e -> e.getKey().gateway().equals(gateway)
                        && dev.gatehouse.core.model.Exposure.matchesTemplate(e.getKey().published(), publishedOrUri))
                .map(e -> new Entry(e.getValue().serverId(), publishedOrUri))
                .findFirst();
    }
}
