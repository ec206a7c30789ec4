package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validation shared by every field type's options (PocketBase {@code core/field.go}). */
final class FieldSupport {
    static final Set<String> RESERVED_NAMES =
            Set.of("null", "true", "false", "_rowid_", "collectionId", "collectionName", "expand");

    private FieldSupport() {}

    /** Validates {@code id}, {@code name} and {@code help}. */
    static void common(Field field, String help, Map<String, Object> errors) {
        String id = field.id();
        FieldError idError = id == null || id.isEmpty() ? Rules.required() : Rules.length(id, 1, 100);
        Rules.putIfError(errors, "id", idError);
        Rules.putIfError(errors, "name", nameError(field.name()));
        if (help != null) {
            Rules.putIfError(errors, "help", Rules.length(help, 1, 300));
        }
    }

    /** The first problem with a field name, or null. */
    static FieldError nameError(String name) {
        if (name == null || name.isEmpty()) {
            return Rules.required();
        }
        FieldError e = Rules.length(name, 1, 100);
        if (e == null) {
            e = Rules.match(name, Rules.WORD);
        }
        if (e == null && RESERVED_NAMES.contains(name)) {
            e = FieldError.of("validation_not_in_invalid", "Must not be in list.");
        }
        if (e == null && name.toLowerCase(java.util.Locale.ROOT).contains("_via_")) {
            e = FieldError.of("validation_found_via", "The value cannot contain \"_via_\".");
        }
        return e;
    }

    /** Normalizes a single/multiple value list as PocketBase does: single keeps the last item. */
    static Object listValue(List<String> values, boolean multiple) {
        if (multiple) {
            return List.copyOf(values);
        }
        return values.isEmpty() ? "" : values.get(values.size() - 1);
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
