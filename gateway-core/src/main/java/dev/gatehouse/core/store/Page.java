package dev.gatehouse.core.store;

import java.util.List;

/** One page of a list and how many items match in all, so a reader knows whether more follow. */
public record Page<T>(List<T> items, long total) {
    public Page {
        items = List.copyOf(items);
    }
}
