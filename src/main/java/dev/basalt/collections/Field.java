package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.Map;
import java.util.Optional;

/**
 * One field of a collection: its definition (the JSON stored in {@code _collections.fields}) and
 * everything that depends on its type — column DDL, input conversion, validation of values and
 * of its own options. One record class per PocketBase field type.
 *
 * <p>Values are canonical Java objects per type: {@code String} (text, email, url, editor, date,
 * autodate, single select/relation/file), {@code Double} (number), {@code Boolean} (bool),
 * {@code List<String>} (multiple select/relation/file), {@link tools.jackson.databind.JsonNode}
 * or {@code null} (json), {@link PasswordValue}, {@link GeoPoint}.
 */
public sealed interface Field
        permits TextValued, ListValued, NumberField, BoolField, DateField, AutodateField, JsonField, PasswordField,
                GeoPointField {

    /** Stable field id, kept across renames. */
    String id();

    /** Field (and column) name. */
    String name();

    /** System fields cannot be renamed or deleted. */
    boolean system();

    /** Hidden fields are only visible to superusers. */
    boolean hidden();

    /** The PocketBase type name ({@code text}, {@code number}, ...). */
    String type();

    /** This field with another id and name (renames, defaults, view columns). */
    Field withIdAndName(String id, String name);

    /** The zero value of the type. */
    Object zero();

    /** Converts loosely typed input (body value, form string, database column) into the canonical value. */
    Object prepare(Object raw);

    /** Converts a stored column value into the canonical value. */
    default Object fromDb(Object raw) {
        return prepare(raw);
    }

    /** The value bound into SQL for storage. */
    Object toDb(Object value);

    /** The value as written into JSON output. */
    default Object toJson(Object value) {
        return value;
    }

    /** The SQLite column definition. */
    String columnType();

    /** True when the field holds a list of values (select/relation/file with maxSelect &gt; 1). */
    default boolean multiple() {
        return false;
    }

    /** Applies a body modifier to the current value; empty when the type has no such modifier. */
    default Optional<Object> modify(Modifier modifier, Object current, Object raw) {
        return Optional.empty();
    }

    /** Validates a value; null when valid, else the first failure. */
    FieldError validate(Object value, RecordContext ctx);

    /** Validates this field's options; adds errors keyed by option name. */
    void validateSettings(SettingsContext ctx, Map<String, Object> errors);

    /** The largest request body this field may contribute (file fields). */
    default long maxBodyContribution() {
        return 0;
    }
}
