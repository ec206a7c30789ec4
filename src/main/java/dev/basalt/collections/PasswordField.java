package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.Map;

/**
 * A password: stored as a hash, never exported. Length limits count characters of the plain
 * password. Unlike PocketBase (bcrypt, 71 characters at most), new hashes are Argon2id, so
 * {@code max = 0} means "no limit" up to {@link #HARD_MAX} characters.
 */
public record PasswordField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean required, String help, int min, int max, String pattern, int cost) implements Field {
    /** Upper bound on plain password length, to bound hashing cost. */
    public static final int HARD_MAX = 1024;

    public PasswordField {
        help = FieldSupport.nz(help);
        pattern = FieldSupport.nz(pattern);
    }

    /** The system {@code password} field of auth collections. */
    public static PasswordField authDefault() {
        return new PasswordField("password901924565", "password", true, true, false, true, "", 8, 0, "", 0);
    }

    @Override
    public String type() {
        return "password";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new PasswordField(id, name, system, hidden, presentable, required, help, min, max, pattern, cost);
    }

    @Override
    public Object zero() {
        return PasswordValue.EMPTY;
    }

    /** Database and trusted input: the value is a stored hash. */
    @Override
    public Object prepare(Object raw) {
        if (raw instanceof PasswordValue p) {
            return p;
        }
        return new PasswordValue(Values.toText(raw), "");
    }

    @Override
    public Object toDb(Object value) {
        return value instanceof PasswordValue p ? p.hash() : Values.toText(value);
    }

    @Override
    public Object toJson(Object value) {
        return value instanceof PasswordValue p ? p.plain() : "";
    }

    @Override
    public String columnType() {
        return "TEXT DEFAULT '' NOT NULL";
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        if (!(value instanceof PasswordValue p)) {
            return Rules.unsupportedType();
        }
        if (required && p.hash().isEmpty() && p.plain().isEmpty()) {
            return Rules.required();
        }
        if (p.plain().isEmpty()) {
            return null;
        }
        int length = p.plain().codePointCount(0, p.plain().length());
        if (length < min) {
            return FieldError.of("validation_min_text_constraint", "Must be at least " + min + " character(s).");
        }
        int effectiveMax = max <= 0 ? HARD_MAX : Math.min(max, HARD_MAX);
        if (length > effectiveMax) {
            return FieldError.of("validation_max_text_constraint", "Must be less than " + effectiveMax + " character(s).");
        }
        if (!pattern.isEmpty() && !PatternCache.get(pattern).matcher(p.plain()).find()) {
            return FieldError.of("validation_invalid_format", "Invalid value format.");
        }
        return null;
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
        Rules.putIfError(errors, "min", min < 0
                ? FieldError.of("validation_min_greater_equal_than_required", "Must be no less than 1.", "threshold", 1)
                : Rules.max(min, HARD_MAX));
        if (max != 0) {
            Rules.putIfError(errors, "max", max < min
                    ? FieldError.of("validation_min_greater_equal_than_required", "Must be no less than " + min + ".", "threshold", min)
                    : Rules.max(max, HARD_MAX));
        }
        if (cost != 0) {
            Rules.putIfError(errors, "cost", Rules.min(cost, 4));
            Rules.putIfError(errors, "cost", Rules.max(cost, 31));
        }
        Rules.putIfError(errors, "pattern", Rules.regex(pattern));
    }
}
