package dev.basalt.collections;

import java.util.List;
import java.util.Optional;

/**
 * Fields holding one or more string values (select, relation, file): a single value below
 * {@code maxSelect = 2}, a JSON array column from 2 on; single fields keep the last value given.
 */
sealed interface ListValued extends Field permits SelectField, RelationField, FileField {
    int maxSelect();

    @Override
    default boolean multiple() {
        return maxSelect() > 1;
    }

    @Override
    default Object zero() {
        return multiple() ? List.of() : "";
    }

    @Override
    default Object prepare(Object raw) {
        return FieldSupport.listValue(Values.toUniqueStrings(raw), multiple());
    }

    @Override
    default Object toDb(Object value) {
        return ListModifiers.toDb(value, multiple());
    }

    @Override
    default String columnType() {
        return ListModifiers.columnType(multiple());
    }

    @Override
    default Optional<Object> modify(Modifier modifier, Object current, Object raw) {
        return ListModifiers.apply(modifier, current, raw, multiple());
    }
}
