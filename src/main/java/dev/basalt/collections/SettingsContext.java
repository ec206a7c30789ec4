package dev.basalt.collections;

import java.util.Optional;
import java.util.function.Function;

/**
 * What a field needs to know while validating its own options.
 *
 * @param collection  the collection being saved (with all its new fields)
 * @param previous    the stored version of the collection, empty on create
 * @param collections finds another collection by id or name
 */
public record SettingsContext(
        Collection collection,
        Optional<Collection> previous,
        Function<String, Optional<Collection>> collections) {

    /** The stored version of a field of this collection, by field id. */
    public Optional<Field> previousField(String fieldId) {
        return previous.flatMap(c -> c.fields().stream().filter(f -> f.id().equals(fieldId)).findFirst());
    }
}
