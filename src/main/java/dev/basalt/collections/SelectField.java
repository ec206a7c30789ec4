package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One or more values from a fixed list; {@code maxSelect} &gt; 1 makes it multi-valued. */
public record SelectField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean required, String help, List<String> values, int maxSelect) implements ListValued {

    public SelectField {
        help = FieldSupport.nz(help);
    }

    @Override
    public String type() {
        return "select";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new SelectField(id, name, system, hidden, presentable, required, help, values, maxSelect);
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        List<String> selected = Values.toUniqueStrings(value);
        if (selected.isEmpty()) {
            return required ? Rules.required() : null;
        }
        int max = Math.max(maxSelect, 1);
        if (selected.size() > max) {
            return FieldError.of("validation_too_many_values", "Select no more than " + max + ".", "maxSelect", max);
        }
        List<String> allowed = values == null ? List.of() : values;
        for (String v : selected) {
            if (!allowed.contains(v)) {
                return FieldError.of("validation_invalid_value", "Invalid value " + v + ".", "value", v);
            }
        }
        return null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
        if (values == null || values.isEmpty()) {
            errors.put("values", Rules.required());
        }
        int size = values == null || values.isEmpty() ? 1 : values.size();
        Rules.putIfError(errors, "maxSelect", maxSelect < 0
                ? FieldError.of("validation_min_greater_equal_than_required", "Must be no less than 0.", "threshold", 0)
                : Rules.max(maxSelect, size));
    }
}
