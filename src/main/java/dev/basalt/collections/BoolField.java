package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.Map;

/** A boolean field; {@code required} means the value must be true. */
public record BoolField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean required, String help) implements Field {

    public BoolField {
        help = FieldSupport.nz(help);
    }

    public static BoolField of(String name) {
        return new BoolField("", name, false, false, false, false, "");
    }

    @Override
    public String type() {
        return "bool";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new BoolField(id, name, system, hidden, presentable, required, help);
    }

    @Override
    public Object zero() {
        return Boolean.FALSE;
    }

    @Override
    public Object prepare(Object raw) {
        return Values.toBool(raw);
    }

    @Override
    public Object toDb(Object value) {
        return Values.toBool(value);
    }

    @Override
    public String columnType() {
        return "BOOLEAN DEFAULT FALSE NOT NULL";
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        if (!(value instanceof Boolean b)) {
            return Rules.unsupportedType();
        }
        return required && !b ? Rules.required() : null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
    }
}
