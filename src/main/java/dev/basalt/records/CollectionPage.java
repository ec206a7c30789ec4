package dev.basalt.records;

import dev.basalt.collections.Collection;
import java.util.List;

/** One page of the collections list. */
public record CollectionPage(List<Collection> items, int page, int perPage, long totalItems, long totalPages) {
    public CollectionPage {
        items = List.copyOf(items);
    }
}
