package dev.basalt.rules;

import org.jooq.Condition;
import org.jooq.Table;

/**
 * A LEFT JOIN registered while resolving identifiers; joins are keyed by alias so that every
 * identifier using the same relation path (in a rule, filter or sort of one query) shares it.
 *
 * @param on the join condition, or null for an unconditional join ({@code @collection})
 */
public record Join(String alias, Table<?> table, Condition on) {}
