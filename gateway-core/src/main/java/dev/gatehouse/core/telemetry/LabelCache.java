package dev.gatehouse.core.telemetry;

import io.opentelemetry.api.common.Attributes;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Attributes (or a set of them) built once per distinct key and reused on every recording, bounded: past
 * {@link #MAX} keys the rest share one value marked {@code overflow="true"}, so a metric can never grow
 * without limit, whatever arrives.
 */
final class LabelCache<K, V> {
    static final int MAX = 10_000;
    static final Attributes OVERFLOW = Attributes.of(Labels.OVERFLOW, "true");

    private final ConcurrentHashMap<K, V> cache = new ConcurrentHashMap<>();
    private final Function<K, V> build;
    private final V overflow;

    LabelCache(Function<K, V> build, V overflow) {
        this.build = build;
        this.overflow = overflow;
    }

    /** A cache of single attribute sets. */
    static <K> LabelCache<K, Attributes> of(Function<K, Attributes> build) {
        return new LabelCache<>(build, OVERFLOW);
    }

    V get(K key) {
        V found = cache.get(key);
        if (found != null) {
            return found;
        }
        return cache.size() >= MAX ? overflow : cache.computeIfAbsent(key, build);
    }
}
