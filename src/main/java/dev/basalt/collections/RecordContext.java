package dev.basalt.collections;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a field needs to know while validating a record value.
 *
 * @param collection   the record's collection
 * @param isNew        true for a create
 * @param originalValue the stored value of the field being validated (zero value on create)
 * @param collections  finds a collection by id or name
 * @param countExisting counts how many of the given ids exist in a collection
 * @param uploads      files received with the request, by stored name
 */
public record RecordContext(
        Collection collection,
        boolean isNew,
        Function<String, Object> originalValue,
        Function<String, Optional<Collection>> collections,
        BiFunction<Collection, List<String>, Integer> countExisting,
        java.util.Map<String, Upload> uploads) {}
