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
    /** When a gateway's list of a kind was last merged whole (one page, every server answering), {@link System#nanoTime()}. */
    private final Map<String, Long> complete = new ConcurrentHashMap<>();
    private final Map<Key, Entry> templates = new ConcurrentHashMap<>();

    public void learn(String gateway, ItemKind kind, String published, String serverId, String upstreamName) {
        Key key = new Key(gateway, kind == ItemKind.RESOURCE_TEMPLATES ? ItemKind.RESOURCES : kind, published);
        (kind == ItemKind.RESOURCE_TEMPLATES ? templates : entries).put(key, new Entry(serverId, upstreamName));
    }

    /** Notes that the gateway's whole list of {@code kind} was just learnt. */
    public void listedCompletely(String gateway, ItemKind kind) {
        complete.put(gateway + '\u0000' + kind, System.nanoTime());
    }

    /**
     * True when the gateway's whole list of {@code kind} was learnt within {@code within}: a name it does not
     * have is then unknown without asking the servers again (a client that learnt a new name learnt it from
     * such a list, which this node merged).
     */
    public boolean listedWithin(String gateway, ItemKind kind, java.time.Duration within) {
        Long at = complete.get(gateway + '\u0000' + kind);
        return at != null && System.nanoTime() - at < within.toNanos();
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
