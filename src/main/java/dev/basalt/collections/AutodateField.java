package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.Map;
import java.util.Optional;

/**
 * A date set by the server on create and/or update; client values are ignored. There is no
 * {@code required} or {@code help} option on this type.
 */
public record AutodateField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean onCreate, boolean onUpdate) implements Field {

    public static AutodateField created() {
        return new AutodateField("autodate2990389176", "created", false, false, false, true, false);
    }

    public static AutodateField updated() {
        return new AutodateField("autodate3332085495", "updated", false, false, false, true, true);
    }

    @Override
    public String type() {
        return "autodate";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new AutodateField(id, name, system, hidden, presentable, onCreate, onUpdate);
    }

    @Override
    public Object zero() {
        return "";
    }

    @Override
    public Object prepare(Object raw) {
        return DateField.normalize(raw);
    }

    @Override
    public Object toDb(Object value) {
        return Values.toText(value);
    }

    @Override
    public String columnType() {
        return "TEXT DEFAULT '' NOT NULL";
    }

    @Override
    public Optional<Object> modify(Modifier modifier, Object current, Object raw) {
        return Optional.of(current); // every write through the API is ignored
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        return null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, null, errors);
        if (system) {
            ctx.previousField(id).ifPresent(previous -> {
                if (previous instanceof AutodateField old && (old.onCreate != onCreate || old.onUpdate != onUpdate)) {
                    errors.put("onCreate", Rules.valuesMismatch());
                }
            });
        }
        if (!onCreate && !onUpdate) {
            FieldError e = FieldError.of("validation_required", "Either onCreate or onUpdate must be enabled.");
            errors.put("onCreate", e);
            errors.put("onUpdate", e);
        }
    }
}
