package dev.basalt.collections;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** The {@code +}/{@code -} modifiers of list-like fields (select, relation, file). */
final class ListModifiers {
    private ListModifiers() {}

    static Optional<Object> apply(Modifier modifier, Object current, Object raw, boolean multiple) {
        List<String> existing = Values.toUniqueStrings(current);
        List<String> given = Values.toUniqueStrings(raw);
        List<String> result = switch (modifier) {
            case APPEND -> union(existing, given);
            case PREPEND -> union(given, existing);
            case REMOVE -> {
                List<String> rest = new ArrayList<>(existing);
                rest.removeAll(given);
                yield rest;
            }
            case AUTOGENERATE -> null;
        };
        return result == null ? Optional.empty() : Optional.of(FieldSupport.listValue(result, multiple));
    }

    private static List<String> union(List<String> first, List<String> second) {
        LinkedHashSet<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return new ArrayList<>(all);
    }

    /** Canonical list value: a JSON array text for multi-valued columns, the string otherwise. */
    static Object toDb(Object value, boolean multiple) {
        List<String> values = Values.toUniqueStrings(value);
        if (multiple) {
            return dev.basalt.util.Json.write(values);
        }
        return values.isEmpty() ? "" : values.get(values.size() - 1);
    }

    static String columnType(boolean multiple) {
        return multiple ? "JSON DEFAULT '[]' NOT NULL" : "TEXT DEFAULT '' NOT NULL";
    }
}
