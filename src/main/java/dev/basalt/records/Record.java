package dev.basalt.records;

import dev.basalt.collections.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One record of a collection: its current field values plus the values it was loaded with.
 *
 * <p>Values are held in their canonical Java form per field type (String, Double, Boolean,
 * {@code List<String>}, JSON node, {@link dev.basalt.collections.GeoPoint},
 * {@link dev.basalt.collections.PasswordValue}); fields never missing — a loaded or new record
 * has every field of its collection, set to the field's zero value when absent.
 *
 * <p>Not thread-safe: a record belongs to the request that loaded it.
 */
public final class Record {
    private final Collection collection;
    private final Map<String, Object> values;
    private final Map<String, Object> original;
    private final boolean isNew;
    private Map<String, Object> expand = Map.of();

    private Record(Collection collection, Map<String, Object> values, Map<String, Object> original, boolean isNew) {
        this.collection = collection;
        this.values = values;
        this.original = original;
        this.isNew = isNew;
    }

    /** A new, unsaved record with every field at its zero value. */
    public static Record create(Collection collection) {
        Map<String, Object> values = new LinkedHashMap<>();
        collection.fields().forEach(f -> values.put(f.name(), f.zero()));
        return new Record(collection, values, Map.of(), true);
    }

    /** A record as stored; {@code stored} holds canonical values for every field. */
    public static Record loaded(Collection collection, Map<String, Object> stored) {
        Map<String, Object> values = new LinkedHashMap<>();
        collection.fields().forEach(f -> values.put(f.name(), stored.containsKey(f.name()) ? stored.get(f.name()) : f.zero()));
        return new Record(collection, values, Collections.unmodifiableMap(new LinkedHashMap<>(values)), false);
    }

    /** The collection this record belongs to. */
    public Collection collection() {
        return collection;
    }

    /** The record id ("" until one is assigned). */
    public String id() {
        Object id = values.get("id");
        return id == null ? "" : id.toString();
    }

    /** True until the record has been inserted. */
    public boolean isNew() {
        return isNew;
    }

    /** The current value of a field (null for unknown names). */
    public Object get(String field) {
        return values.get(field);
    }

    /** The current value of a text-like field, "" when absent. */
    public String getString(String field) {
        Object v = values.get(field);
        return v == null ? "" : v.toString();
    }

    /** The current value of a bool field. */
    public boolean getBool(String field) {
        return Boolean.TRUE.equals(values.get(field));
    }

    /** The current value of a multi-valued field as a list (single values become a one-element list). */
    @SuppressWarnings("unchecked")
    public List<String> getList(String field) {
        Object v = values.get(field);
        if (v instanceof List<?> list) {
            return (List<String>) list;
        }
        if (v instanceof String s && !s.isEmpty()) {
            return List.of(s);
        }
        return List.of();
    }

    /** Sets a field's canonical value (no validation; see the record actions). */
    public void set(String field, Object value) {
        if (collection.field(field).isEmpty()) {
            throw new IllegalArgumentException("unknown field " + field + " in " + collection.name());
        }
        values.put(field, value);
    }

    /** The value the field had when the record was loaded (zero value for new records). */
    public Object original(String field) {
        if (isNew) {
            return collection.field(field).map(f -> f.zero()).orElse(null);
        }
        return original.get(field);
    }

    /** True when the field's current value differs from the loaded one. */
    public boolean changed(String field) {
        return !Objects.equals(values.get(field), original(field));
    }

    /** All current values, in field order (read-only view). */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * Related records attached by {@code ?expand=}: relation name → {@link Record} or list of records.
     * Not stored; only exported.
     */
    public Map<String, Object> expand() {
        return expand;
    }

    /** Replaces the expanded relations (see {@link #expand()}). */
    public void expand(Map<String, Object> related) {
        this.expand = related == null ? Map.of() : related;
    }

    /** This record as if it had just been stored with its current values. */
    public Record asSaved() {
        return loaded(collection, values);
    }

    /** A copy that can be changed independently of this record. */
    public Record copy() {
        return new Record(collection, new LinkedHashMap<>(values), original, isNew);
    }
}
