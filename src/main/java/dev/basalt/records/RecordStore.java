package dev.basalt.records;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Field;
import dev.basalt.store.ErrorTranslator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.basalt.rules.Compiled;
import dev.basalt.rules.Join;
import dev.basalt.rules.SortKey;
import dev.basalt.store.Dialect;
import dev.basalt.store.Rows;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.OrderField;
import org.jooq.ResultQuery;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * SQL for one collection's table: select, count, insert, update and delete of records. The
 * table is always aliased by the collection name, which rule and filter conditions refer to.
 */
public final class RecordStore {
    private RecordStore() {}

    /** The table of a collection, aliased as itself. */
    public static Table<org.jooq.Record> table(Collection c) {
        return DSL.table(DSL.name(c.name())).as(DSL.name(c.name()));
    }

    /** A column of the collection's table. */
    public static org.jooq.Field<Object> column(Collection c, String field) {
        return DSL.field(DSL.name(c.name(), field));
    }

    /** The records {@code query} (a {@code SELECT c.*}, possibly joined) returns, in its order. */
    public static List<Record> fetch(DSLContext dsl, Collection c, ResultQuery<?> query) {
        return records(c, Rows.fetch(dsl, query, names(c)));
    }

    private static List<String> names(Collection c) {
        List<String> names = new ArrayList<>(c.fields().size());
        for (Field f : c.fields()) {
            names.add(f.name());
        }
        return names;
    }

    private static List<Record> records(Collection c, List<Object[]> rows) {
        List<Record> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Map<String, Object> values = new LinkedHashMap<>();
            int i = 0;
            for (Field f : c.fields()) {
                values.put(f.name(), f.fromDb(row[i++]));
            }
            out.add(Record.loaded(c, values));
        }
        return out;
    }

    /** The first record {@code query} (a {@code SELECT c.*}) returns. */
    public static Optional<Record> fetchOne(DSLContext dsl, Collection c, ResultQuery<?> query) {
        return first(fetch(dsl, c, query));
    }

    private static Optional<Record> first(List<Record> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** SELECT [DISTINCT] c.* FROM c LEFT JOIN ... for a compiled rule/filter. */
    private static SelectJoinStep<org.jooq.Record> select(DSLContext dsl, Collection c, Compiled where) {
        return Join.leftJoinAll(where.hasJoins()
                ? dsl.selectDistinct(table(c).asterisk()).from(table(c))
                : dsl.select(table(c).asterisk()).from(table(c)), where.joins());
    }

    /** The record with this id that also satisfies {@code where}. */
    public static Optional<Record> findById(DSLContext dsl, Collection c, String id, Compiled where) {
        if (where == Compiled.all()) {
            if (BY_ID.size() > 1024) {
                BY_ID.clear(); // old collection definitions after many schema changes
            }
            ById byId = BY_ID.computeIfAbsent(new ByIdKey(c, Dialect.of(dsl)), k -> ById.render(dsl, c));
            if (byId.idIndex() >= 0) {
                return first(records(c, Rows.fetch(dsl, byId.sql(), byId.binds(id), names(c))));
            }
        }
        return fetchOne(dsl, c, byId(dsl, c, id, where));
    }

    private static ResultQuery<org.jooq.Record> byId(DSLContext dsl, Collection c, String id, Compiled where) {
        return select(dsl, c, where).where(column(c, "id").eq(id)).and(where.where()).limit(1);
    }

    /*
     * A view with an open rule (public, or a superuser's) is the most frequent query of all, and
     * rendering it with jOOQ cost more CPU than running it: it is rendered once per collection
     * definition and database kind, and only the id changes.
     */
    private static final java.util.concurrent.ConcurrentMap<ByIdKey, ById> BY_ID = new java.util.concurrent.ConcurrentHashMap<>();

    private record ByIdKey(Collection collection, Dialect dialect) {}

    /** The rendered lookup by id: its SQL and bind values, the id's at {@code idIndex} (-1: not found, not reusable). */
    private record ById(String sql, List<Object> template, int idIndex) {
        private static final String MARKER = "\u0000basalt:id\u0000";

        static ById render(DSLContext dsl, Collection c) {
            ResultQuery<org.jooq.Record> query = byId(dsl, c, MARKER, Compiled.all());
            List<Object> binds = dsl.extractBindValues(query);
            return new ById(dsl.render(query), binds, binds.indexOf(MARKER));
        }

        List<Object> binds(String id) {
            List<Object> binds = new ArrayList<>(template);
            binds.set(idIndex, id);
            return binds;
        }
    }

    /**
     * Whether {@code record} in the state given — which need not be stored any more, e.g. a deleted
     * row — satisfies {@code where}: the condition runs against a one-row table of its values that
     * stands in for the collection's table (a CTE of the same name); related tables are read as
     * they are now.
     */
    public static boolean matchesSnapshot(DSLContext dsl, Collection c, Record record, Compiled where) {
        List<String> names = new ArrayList<>();
        List<org.jooq.Field<?>> values = new ArrayList<>();
        for (Field f : c.fields()) {
            names.add(f.name());
            values.add(DSL.val(f.toDb(record.get(f.name()))));
        }
        org.jooq.CommonTableExpression<?> snapshot = DSL.name(c.name()).fields(names.toArray(String[]::new)).as(DSL.select(values));
        return Join.leftJoinAll(dsl.with(snapshot).selectOne().from(table(c)), where.joins())
                .where(where.where()).limit(1).fetchOne() != null;
    }

    /** The record with this id. */
    public static Optional<Record> findById(DSLContext dsl, Collection c, String id) {
        return findById(dsl, c, id, Compiled.all());
    }

    /** The records with these ids that also satisfy {@code where}, in no particular order. */
    public static List<Record> findByIds(DSLContext dsl, Collection c, java.util.Collection<String> ids, Compiled where) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return fetch(dsl, c, select(dsl, c, where).where(column(c, "id").in(ids)).and(where.where()));
    }

    /** One page of records. */
    public static List<Record> list(DSLContext dsl, Collection c, Compiled where, List<SortKey> order, int limit, int offset) {
        Dialect dialect = Dialect.of(dsl);
        if (dialect == Dialect.POSTGRES && where.hasJoins() && order.stream().anyMatch(k -> !k.plainColumn())) {
            // PostgreSQL orders a SELECT DISTINCT only by selected columns: one group per record
            // instead, ordered by the first (in sort order) of the values it joined to
            SelectJoinStep<org.jooq.Record> select = Join.leftJoinAll(dsl.select(table(c).asterisk()).from(table(c)), where.joins());
            List<org.jooq.Field<?>> groups = c.isView()
                    ? c.fields().stream().<org.jooq.Field<?>>map(f -> column(c, f.name())).toList()
                    : List.of(column(c, "id"));
            return fetch(dsl, c, select.where(where.where()).groupBy(groups).orderBy(orderBy(dialect, order, true))
                    .limit(limit).offset(offset));
        }
        return fetch(dsl, c, select(dsl, c, where).where(where.where()).orderBy(orderBy(dialect, order, false))
                .limit(limit).offset(offset));
    }

    /** ORDER BY terms with SQLite's NULL placement (first when ascending) on every database. */
    private static List<OrderField<?>> orderBy(Dialect dialect, List<SortKey> keys, boolean grouped) {
        List<OrderField<?>> order = new ArrayList<>(keys.size());
        for (SortKey k : keys) {
            if (k.random()) {
                order.add(k.field());
                continue;
            }
            for (org.jooq.Field<?> key : k.fields(dialect.jooq())) {
                @SuppressWarnings("unchecked")
                org.jooq.Field<Object> f = (org.jooq.Field<Object>) key;
                if (grouped && !k.plainColumn()) {
                    // the first value in sort order; min()/max() exist for neither booleans nor jsonb
                    f = DSL.field(k.desc() ? "(array_agg({0} ORDER BY {0} DESC NULLS LAST))[1]"
                            : "(array_agg({0} ORDER BY {0} ASC NULLS FIRST))[1]", f);
                }
                if (dialect == Dialect.POSTGRES && !k.plainColumn()) {
                    order.add(k.desc() ? f.desc().nullsLast() : f.asc().nullsFirst());
                } else {
                    order.add(k.desc() ? f.desc() : f.asc());
                }
            }
        }
        return order;
    }

    /** Records matching a plain condition (no joins). */
    public static List<Record> list(DSLContext dsl, Collection c, Condition condition) {
        return list(dsl, c, Compiled.of(condition), List.of(), Integer.MAX_VALUE, 0);
    }

    /** Counts the records matching {@code where} (distinct rows when joins repeat them). */
    public static long count(DSLContext dsl, Collection c, Compiled where) {
        // SQLite counts its rowid (cheaper than the text id); servers have only the id
        org.jooq.Field<Integer> count = where.hasJoins()
                ? DSL.countDistinct(column(c, c.isView() || dev.basalt.store.Dialect.of(dsl) != dev.basalt.store.Dialect.SQLITE ? "id" : "_rowid_"))
                : DSL.count();
        Number n = Join.leftJoinAll(dsl.select(count).from(table(c)), where.joins()).where(where.where()).fetchOne(0, Number.class);
        return n == null ? 0 : n.longValue();
    }

    /** How many of {@code ids} exist in the collection. */
    public static int countIds(DSLContext dsl, Collection c, List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        Number n = dsl.select(DSL.count()).from(table(c)).where(column(c, "id").in(ids)).fetchOne(0, Number.class);
        return n == null ? 0 : n.intValue();
    }

    /** Inserts a record with its storage values. */
    public static void insert(DSLContext dsl, Collection c, Record record) {
        List<org.jooq.Field<Object>> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Field f : c.fields()) {
            columns.add(DSL.field(DSL.name(f.name())));
            values.add(f.toDb(record.get(f.name())));
        }
        try {
            dsl.insertInto(DSL.table(DSL.name(c.name())), columns).values(values).execute();
        } catch (org.jooq.exception.DataAccessException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    /** Updates the changed columns of a record (by its original id). */
    public static void update(DSLContext dsl, Collection c, Record record, String originalId) {
        Map<org.jooq.Field<?>, Object> changes = new LinkedHashMap<>();
        for (Field f : c.fields()) {
            Object v = f.toDb(record.get(f.name()));
            changes.put(DSL.field(DSL.name(f.name())), v);
        }
        try {
            dsl.update(DSL.table(DSL.name(c.name()))).set(changes)
                    .where(DSL.field(DSL.name("id")).eq(originalId)).execute();
        } catch (org.jooq.exception.DataAccessException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    /** Deletes a record by id; returns how many rows were deleted (0 when it was gone already). */
    public static int delete(DSLContext dsl, Collection c, String id) {
        return dsl.deleteFrom(DSL.table(DSL.name(c.name()))).where(DSL.field(DSL.name("id")).eq(id)).execute();
    }

    /** A qualified name helper for callers building conditions. */
    public static Name name(Collection c, String field) {
        return DSL.name(c.name(), field);
    }
}
