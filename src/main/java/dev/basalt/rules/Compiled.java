package dev.basalt.rules;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * A compiled filter or rule: the WHERE condition and the joins it needs. When joins are present
 * the record query must select DISTINCT rows (joins through multiple relations repeat rows).
 */
public record Compiled(Condition where, List<Join> joins) {
    public Compiled {
        joins = List.copyOf(joins);
    }

    /** A condition that needs no joins. */
    public static Compiled of(Condition where) {
        return new Compiled(where, List.of());
    }

    private static final Compiled ALL = of(DSL.trueCondition());

    /** Matches every row; always the same instance, so that callers can tell it apart cheaply. */
    public static Compiled all() {
        return ALL;
    }

    /** Matches no row. */
    public static Compiled none() {
        return of(DSL.falseCondition());
    }

    public boolean hasJoins() {
        return !joins.isEmpty();
    }

    /** Both conditions; joins are merged by alias. */
    public Compiled and(Compiled other) {
        List<Join> merged = new ArrayList<>(joins);
        for (Join j : other.joins) {
            if (merged.stream().noneMatch(x -> x.alias().equals(j.alias()))) {
                merged.add(j);
            }
        }
        return new Compiled(where.and(other.where), merged);
    }
}
