package dev.basalt.rules;

import java.util.Collection;
import org.jooq.Condition;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A LEFT JOIN registered while resolving identifiers; joins are keyed by alias so that every
 * identifier using the same relation path (in a rule, filter or sort of one query) shares it.
 *
 * @param on the join condition, or null for an unconditional join ({@code @collection})
 */
public record Join(String alias, Table<?> table, Condition on) {
    /** {@code select} LEFT JOINed with each of {@code joins}, in order. */
    public static <R extends Record> SelectJoinStep<R> leftJoinAll(SelectJoinStep<R> select, Collection<Join> joins) {
        SelectJoinStep<R> joined = select;
        for (Join j : joins) {
            joined = joined.leftJoin(j.table()).on(j.on() == null ? DSL.trueCondition() : j.on());
        }
        return joined;
    }
}
