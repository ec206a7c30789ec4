package dev.basalt.records;

import java.util.List;

/**
 * One page of records and the totals ({@code -1} when skipped).
 */
public record ListResult(List<Record> items, int page, int perPage, long totalItems, long totalPages) {
    public ListResult {
        items = List.copyOf(items);
    }
}
