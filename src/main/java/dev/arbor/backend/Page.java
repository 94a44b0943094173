package dev.arbor.backend;

import java.util.List;

/** One page of a listing; {@code next} is the cursor of the following page, or null on the last one. */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}
