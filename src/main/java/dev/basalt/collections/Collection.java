package dev.basalt.collections;

import java.util.List;
import java.util.Optional;

/**
 * An immutable collection definition: its identity, fields, indexes, API rules and per-type
 * options. Rules are nullable on purpose: {@code null} means locked (superusers only), {@code ""}
 * means public, anything else is a filter expression.
 *
 * @param auth      options of auth collections, null for other types
 * @param viewQuery the SELECT of view collections, null for other types
 */
public record Collection(
        String id,
        String name,
        CollectionType type,
        boolean system,
        List<Field> fields,
        List<String> indexes,
        String listRule,
        String viewRule,
        String createRule,
        String updateRule,
        String deleteRule,
        AuthOptions auth,
        String viewQuery,
        String created,
        String updated) {

    public Collection {
        fields = List.copyOf(fields);
        indexes = List.copyOf(indexes);
    }

    /** The field with this exact name. */
    public Optional<Field> field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The field with this name ignoring case (column names are case-insensitive in SQL). */
    public Optional<Field> fieldIgnoreCase(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public boolean isAuth() {
        return type == CollectionType.AUTH;
    }

    public boolean isView() {
        return type == CollectionType.VIEW;
    }

    /** True for the superusers collection. */
    public boolean isSuperusers() {
        return SystemCollections.SUPERUSERS.equals(name);
    }

    /** A copy with other fields. */
    public Collection withFields(List<Field> newFields) {
        return new Collection(id, name, type, system, newFields, indexes, listRule, viewRule, createRule, updateRule,
                deleteRule, auth, viewQuery, created, updated);
    }

    /** A copy with other indexes. */
    public Collection withIndexes(List<String> newIndexes) {
        return new Collection(id, name, type, system, fields, newIndexes, listRule, viewRule, createRule, updateRule,
                deleteRule, auth, viewQuery, created, updated);
    }

    /** A copy with other auth options. */
    public Collection withAuth(AuthOptions options) {
        return new Collection(id, name, type, system, fields, indexes, listRule, viewRule, createRule, updateRule,
                deleteRule, options, viewQuery, created, updated);
    }

    /** A copy with other timestamps. */
    public Collection withTimestamps(String newCreated, String newUpdated) {
        return new Collection(id, name, type, system, fields, indexes, listRule, viewRule, createRule, updateRule,
                deleteRule, auth, viewQuery, newCreated, newUpdated);
    }
}
