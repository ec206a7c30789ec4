package dev.basalt.rules;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.SelectJoinStep;
import org.jooq.impl.DSL;

/**
 * The independent subquery that lists every value of a multi-valued operand for the current row
 * (PocketBase's MultiMatchSubquery): the base table under the alias {@code __mm_<alias>}, the same
 * joins mirrored under {@code __mm_} aliases, correlated by id to the outer row. Comparisons with
 * match-all semantics require that no value of this list violates them.
 */
final class MultiMatch {
    final String baseTable;
    final String baseAlias;
    final String targetAlias;
    final List<Join> joins = new ArrayList<>();
    Field<Object> value;

    MultiMatch(String baseTable, String baseAlias, String targetAlias) {
        this.baseTable = baseTable;
        this.baseAlias = baseAlias;
        this.targetAlias = targetAlias;
    }

    /** The same list of another value of each row (e.g. a JSON value read as a number). */
    MultiMatch withValue(Field<Object> other) {
        MultiMatch copy = new MultiMatch(baseTable, baseAlias, targetAlias);
        copy.joins.addAll(joins);
        copy.value = other;
        return copy;
    }

    void join(Join join) {
        joins.removeIf(j -> j.alias().equals(join.alias()));
        joins.add(join);
    }

    /** {@code SELECT <value> AS multiMatchValue FROM base __mm_x LEFT JOIN ... WHERE __mm_x.id = x.id}. */
    Select<?> build(Field<Object> valueOverride) {
        return joined(DSL.select((valueOverride != null ? valueOverride : value).as("multiMatchValue")))
                .where(DSL.field(DSL.name(baseAlias, "id")).eq(DSL.field(DSL.name(targetAlias, "id"))));
    }

    /**
     * The same list for every row, each value with its row's id as {@code multiMatchId}, to be
     * matched with {@link #sameRow}: MariaDB refuses a derived table that refers to the outer query.
     */
    Select<?> buildUncorrelated() {
        return joined(DSL.select(value.as("multiMatchValue"), DSL.field(DSL.name(baseAlias, "id")).as("multiMatchId")));
    }

    /** The rows of an uncorrelated list (aliased {@code alias}) that belong to the current row. */
    Condition sameRow(String alias) {
        return DSL.field(DSL.name(alias, "multiMatchId")).eq(DSL.field(DSL.name(targetAlias, "id")));
    }

    private SelectJoinStep<?> joined(org.jooq.SelectSelectStep<? extends org.jooq.Record> select) {
        return Join.leftJoinAll(select.from(DSL.table(DSL.name(baseTable)).as(DSL.name(baseAlias))), joins);
    }
}
