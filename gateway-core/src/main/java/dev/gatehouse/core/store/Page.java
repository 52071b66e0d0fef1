package dev.gatehouse.core.store;

import java.util.List;
import java.util.function.Function;

/** One page of a list and how many items match in all, so a reader knows whether more follow. */
public record Page<T>(List<T> items, long total) {
    public Page {
        items = List.copyOf(items);
    }

    /** The same page with each item converted. */
    public <R> Page<R> map(Function<? super T, R> convert) {
        return new Page<>(items.stream().<R>map(convert).toList(), total);
    }
}
