package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.Map;
import java.util.Optional;

/** A float64 number field; {@code min}/{@code max} are optional bounds. */
public record NumberField(
        String id, String name, boolean system, boolean hidden, boolean presentable, boolean required,
        String help, Double min, Double max, boolean onlyInt) implements Field {

    public NumberField {
        help = FieldSupport.nz(help);
    }

    public static NumberField of(String name) {
        return new NumberField("", name, false, false, false, false, "", null, null, false);
    }

    @Override
    public String type() {
        return "number";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new NumberField(id, name, system, hidden, presentable, required, help, min, max, onlyInt);
    }

    @Override
    public Object zero() {
        return 0.0;
    }

    @Override
    public Object prepare(Object raw) {
        return Values.toDouble(raw);
    }

    @Override
    public Object toDb(Object value) {
        return Values.toDouble(value);
    }

    @Override
    public String columnType() {
        return "NUMERIC DEFAULT 0 NOT NULL";
    }

    @Override
    public Optional<Object> modify(Modifier modifier, Object current, Object raw) {
        return switch (modifier) {
            case APPEND -> Optional.of(Values.toDouble(current) + Values.toDouble(raw));
            case REMOVE -> Optional.of(Values.toDouble(current) - Values.toDouble(raw));
            default -> Optional.empty();
        };
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        if (!(value instanceof Double v)) {
            return Rules.unsupportedType();
        }
        if (v.isNaN() || v.isInfinite()) {
            return FieldError.of("validation_not_a_number", "The submitted number is not properly formatted.");
        }
        if (v == 0) {
            return required ? Rules.required() : null;
        }
        if (onlyInt && !Values.isIntegral(v)) {
            return FieldError.of("validation_only_int_constraint", "Decimal numbers are not allowed.");
        }
        if (min != null && v < min) {
            return FieldError.of("validation_min_number_constraint", "Must be greater or equal than " + Rules.goNumber(min) + ".",
                    "min", Values.jsonNumber(min));
        }
        if (max != null && v > max) {
            return FieldError.of("validation_max_number_constraint", "Must be less or equal than " + Rules.goNumber(max) + ".",
                    "max", Values.jsonNumber(max));
        }
        return null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
        FieldError notInt = FieldError.of("validation_only_int_constraint", "Decimal numbers are not allowed.");
        if (onlyInt && min != null && !Values.isIntegral(min)) {
            errors.put("min", notInt);
        }
        if (onlyInt && max != null && !Values.isIntegral(max)) {
            errors.put("max", notInt);
        } else if (min != null && max != null && max < min) {
            errors.put("max", FieldError.of("validation_min_number_constraint",
                    "Must be greater or equal than " + Rules.goNumber(min) + ".", "min", Values.jsonNumber(min)));
        }
    }
}
