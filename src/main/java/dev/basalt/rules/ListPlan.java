package dev.basalt.rules;

import java.util.List;

/** The WHERE (list rule AND client filter, with joins) and ORDER BY of a list request. */
public record ListPlan(Compiled where, List<SortKey> order) {
    public ListPlan {
        order = List.copyOf(order);
    }
}
