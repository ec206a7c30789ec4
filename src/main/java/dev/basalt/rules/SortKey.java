package dev.basalt.rules;

import org.jooq.Field;

/**
 * One ORDER BY term of a list request, described rather than rendered: the store turns it into
 * SQL for its database, because NULL ordering (SQLite puts NULLs first when ascending, PostgreSQL
 * last) and what {@code SELECT DISTINCT} may be ordered by differ between databases.
 *
 * @param field the expression sorted by
 * @param desc descending
 * @param plainColumn a NOT NULL column of the listed table itself (no join, no JSON path), which
 *     every database can order a {@code SELECT DISTINCT table.*} by, NULLs never arising
 * @param random the {@code @random} sort (no value to aggregate or place NULLs for)
 */
public record SortKey(Field<?> field, boolean desc, boolean plainColumn, boolean random) {
    /** A sort by an expression. */
    public SortKey(Field<?> field, boolean desc, boolean plainColumn) {
        this(field, desc, plainColumn, false);
    }

    /** The expressions to order by on a database family: a JSON value needs several on the servers. */
    public java.util.List<Field<?>> fields(org.jooq.SQLDialect family) {
        if (field instanceof JsonPath json) {
            return json.sortFields(family);
        }
        if (field instanceof RowId rowid && family != org.jooq.SQLDialect.SQLITE) {
            return rowid.insertionOrder();
        }
        return java.util.List.of(field);
    }

    /**
     * {@code @rowid}: SQLite's row number, i.e. insertion order. The servers have none; there the
     * order is {@code created} (when the collection has it), then {@code id}.
     */
    static SortKey rowid(dev.basalt.collections.Collection c, boolean desc) {
        return new SortKey(new RowId(c), desc, true);
    }

    private static final class RowId extends org.jooq.impl.CustomField<Object> {
        private final dev.basalt.collections.Collection collection;

        RowId(dev.basalt.collections.Collection collection) {
            super(org.jooq.impl.DSL.name("_rowid_"), org.jooq.impl.SQLDataType.OTHER);
            this.collection = collection;
        }

        java.util.List<Field<?>> insertionOrder() {
            Field<?> id = org.jooq.impl.DSL.field(org.jooq.impl.DSL.name(collection.name(), "id"));
            return collection.field("created").isPresent()
                    ? java.util.List.of(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name(collection.name(), "created")), id)
                    : java.util.List.of(id);
        }

        @Override
        public void accept(org.jooq.Context<?> ctx) {
            ctx.visit(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name(collection.name(), "_rowid_")));
        }
    }

    /** The {@code @random} sort. */
    public static SortKey randomOrder() {
        return new SortKey(org.jooq.impl.DSL.rand(), false, false, true);
    }
}
