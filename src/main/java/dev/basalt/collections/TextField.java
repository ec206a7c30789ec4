package dev.basalt.collections;

import dev.basalt.error.FieldError;
import dev.basalt.util.RegexGenerator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** A text field; with {@code primaryKey} it is the record id. */
public record TextField(
        String id, String name, boolean system, boolean hidden, boolean presentable, boolean required,
        String help, int min, int max, String pattern, String autogeneratePattern, boolean primaryKey)
        implements TextValued {
    /** The default pattern of record ids. */
    public static final String DEFAULT_ID_PATTERN = "^[a-z0-9]+$";
    private static final int DEFAULT_MAX = 5000;
    private static final String FORBIDDEN_PK_CHARS = "./\\|\"'`<>:?*%$\0\t\n\r ";

    public TextField {
        help = FieldSupport.nz(help);
        pattern = FieldSupport.nz(pattern);
        autogeneratePattern = FieldSupport.nz(autogeneratePattern);
    }

    /** A plain optional text field. */
    public static TextField of(String name) {
        return new TextField("", name, false, false, false, false, "", 0, 0, "", "", false);
    }

    /** The default {@code id} primary key field. */
    public static TextField defaultId() {
        return new TextField("text3208210256", "id", true, false, false, true, "", 15, 15, DEFAULT_ID_PATTERN,
                "[a-z0-9]{15}", true);
    }

    @Override
    public String type() {
        return "text";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new TextField(id, name, system, hidden, presentable, required, help, min, max, pattern,
                autogeneratePattern, primaryKey);
    }

    @Override
    public String columnType() {
        return primaryKey
                ? "TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL"
                : "TEXT DEFAULT '' NOT NULL";
    }

    @Override
    public Optional<Object> modify(Modifier modifier, Object current, Object raw) {
        if (modifier != Modifier.AUTOGENERATE) {
            return Optional.empty();
        }
        String base = Values.toText(raw);
        return Optional.of(autogeneratePattern.isEmpty() ? base : base + generate());
    }

    /** A new random value from {@code autogeneratePattern}. */
    public String generate() {
        return RegexGenerator.generate(autogeneratePattern);
    }

    @Override
    public FieldError validate(Object value, RecordContext ctx) {
        if (!(value instanceof String v)) {
            return Rules.unsupportedType();
        }
        if (primaryKey && !ctx.isNew()) {
            Object old = ctx.originalValue().apply(name);
            if (!v.equals(old)) {
                return FieldError.of("validation_pk_change", "The record primary key cannot be changed.");
            }
            if (old != null && !old.toString().isEmpty()) {
                return null;
            }
        }
        return validatePlain(v);
    }

    /** Validates a plain value against required, min, max, pattern and the primary key rules. */
    FieldError validatePlain(String v) {
        if ((required || primaryKey) && v.isEmpty()) {
            return Rules.required();
        }
        if (v.isEmpty()) {
            return null;
        }
        int length = v.codePointCount(0, v.length());
        if (min > 0 && length < min) {
            return FieldError.of("validation_min_text_constraint", "Must be at least " + min + " character(s).", "min", min);
        }
        int effectiveMax = max == 0 ? DEFAULT_MAX : max;
        if (effectiveMax > 0 && length > effectiveMax) {
            return FieldError.of("validation_max_text_constraint", "Must be no more than " + effectiveMax + " character(s).",
                    "max", effectiveMax);
        }
        if (!pattern.isEmpty() && !compiled(pattern).matcher(v).find()) {
            return FieldError.of("validation_invalid_format", "Invalid value format.");
        }
        if (primaryKey && !DEFAULT_ID_PATTERN.equals(pattern)) {
            for (char ch : FORBIDDEN_PK_CHARS.toCharArray()) {
                if (v.indexOf(ch) >= 0) {
                    return FieldError.of("validation_forbidden_pk_character",
                            "'" + ch + "' is not a valid primary key character.", "ch", String.valueOf(ch));
                }
            }
            if (length <= 4 && v.toUpperCase(java.util.Locale.ROOT).matches("CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9]")) {
                String reserved = v.toUpperCase(java.util.Locale.ROOT);
                return FieldError.of("validation_reserved_pk", "The primary key '" + reserved + "' is reserved and cannot be used.",
                        "reserved", reserved);
            }
        }
        return null;
    }

    private static Pattern compiled(String pattern) {
        return PatternCache.get(pattern);
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
        if (primaryKey && !"id".equals(name)) {
            Rules.putIfError(errors, "name", FieldError.of("validation_in_invalid", "The primary key must be named \"id\"."));
        }
        long pks = ctx.collection().fields().stream().filter(f -> f instanceof TextField t && t.primaryKey()).count();
        if (primaryKey && pks > 1) {
            Rules.putIfError(errors, "primaryKey", FieldError.of("validation_unsupported_composite_pk",
                    "Composite PKs are not supported and the collection must have only 1 PK."));
        }
        Rules.putIfError(errors, "min", Rules.min(min, 0));
        Rules.putIfError(errors, "min", Rules.max(min, Rules.MAX_SAFE_INT));
        if (max != 0) {
            Rules.putIfError(errors, "max", max < min
                    ? FieldError.of("validation_min_greater_equal_than_required", "Must be no less than " + min + ".", "threshold", min)
                    : Rules.max(max, Rules.MAX_SAFE_INT));
        }
        if (primaryKey && pattern.isEmpty()) {
            Rules.putIfError(errors, "pattern", Rules.required());
        }
        Rules.putIfError(errors, "pattern", Rules.regex(pattern));
        if (primaryKey && hidden) {
            Rules.putIfError(errors, "hidden", FieldError.of("validation_empty", "Must be blank."));
        }
        if (primaryKey && !required) {
            Rules.putIfError(errors, "required", Rules.required());
        }
        if (!autogeneratePattern.isEmpty() && !errors.containsKey("pattern")) {
            FieldError regexError = Rules.regex(autogeneratePattern);
            if (regexError != null) {
                errors.put("autogeneratePattern", regexError);
                return;
            }
            for (int i = 0; i < 10; i++) {
                String sample;
                try {
                    sample = generate();
                } catch (IllegalArgumentException e) {
                    errors.put("autogeneratePattern", FieldError.of("validation_invalid_autogenerate_pattern", e.getMessage()));
                    return;
                }
                if (validatePlain(sample) != null) {
                    errors.put("autogeneratePattern", FieldError.of("validation_invalid_autogenerate_pattern_value",
                            "The provided autogenerate pattern could produce invalid field values, ex.: \"" + sample + "\"."));
                    return;
                }
            }
        }
    }
}
