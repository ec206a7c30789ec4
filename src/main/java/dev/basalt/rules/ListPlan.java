package dev.basalt.rules;

import java.util.List;
import org.jooq.OrderField;

/** The WHERE (list rule AND client filter, with joins) and ORDER BY of a list request. */
public record ListPlan(Compiled where, List<OrderField<?>> order) {
    public ListPlan {
        order = List.copyOf(order);
    }
}
