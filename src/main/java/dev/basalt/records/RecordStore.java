package dev.basalt.records;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Field;
import dev.basalt.store.ErrorTranslator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.OrderField;
import org.jooq.Result;
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

    /** Converts a result row into a record. */
    public static Record toRecord(Collection c, org.jooq.Record row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field f : c.fields()) {
            org.jooq.Field<?> column = row.field(f.name());
            values.put(f.name(), f.fromDb(column == null ? null : plain(row.get(column))));
        }
        return Record.loaded(c, values);
    }

    /** Unwraps jOOQ's typed values (columns declared JSON come back as {@link org.jooq.JSON}). */
    static Object plain(Object raw) {
        return switch (raw) {
            case org.jooq.JSON json -> json.data();
            case org.jooq.JSONB jsonb -> jsonb.data();
            case null, default -> raw;
        };
    }

    /** The record with this id that also satisfies {@code condition}. */
    public static Optional<Record> findById(DSLContext dsl, Collection c, String id, Condition condition) {
        org.jooq.Record row = dsl.select(table(c).asterisk()).from(table(c))
                .where(column(c, "id").eq(id)).and(condition).limit(1).fetchOne();
        return Optional.ofNullable(row).map(r -> toRecord(c, r));
    }

    /** The records with these ids that also satisfy {@code condition}, in no particular order. */
    public static List<Record> findByIds(DSLContext dsl, Collection c, java.util.Collection<String> ids, Condition condition) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Record> out = new ArrayList<>();
        for (org.jooq.Record row : dsl.select(table(c).asterisk()).from(table(c)).where(column(c, "id").in(ids)).and(condition).fetch()) {
            out.add(toRecord(c, row));
        }
        return out;
    }

    /** One page of records. */
    public static List<Record> list(DSLContext dsl, Collection c, Condition condition, List<OrderField<?>> order,
            int limit, int offset) {
        Result<org.jooq.Record> rows = dsl.select(table(c).asterisk())
                .from(table(c)).where(condition).orderBy(order).limit(limit).offset(offset).fetch();
        List<Record> out = new ArrayList<>(rows.size());
        for (org.jooq.Record row : rows) {
            out.add(toRecord(c, row));
        }
        return out;
    }

    /** Counts the records matching {@code condition}. */
    public static long count(DSLContext dsl, Collection c, Condition condition) {
        Number n = dsl.select(DSL.count()).from(table(c)).where(condition).fetchOne(0, Number.class);
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

    /** Deletes a record by id. */
    public static void delete(DSLContext dsl, Collection c, String id) {
        dsl.deleteFrom(DSL.table(DSL.name(c.name()))).where(DSL.field(DSL.name("id")).eq(id)).execute();
    }

    /** A qualified name helper for callers building conditions. */
    public static Name name(Collection c, String field) {
        return DSL.name(c.name(), field);
    }
}
