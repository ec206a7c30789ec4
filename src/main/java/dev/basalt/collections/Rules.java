package dev.basalt.collections;

import dev.basalt.error.FieldError;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The validation rules shared by field and collection validation, with PocketBase's (ozzo
 * validation's) codes and messages. Each returns null when the value passes.
 */
public final class Rules {
    /** Field and collection names: ASCII word characters. */
    public static final Pattern WORD = Pattern.compile("^\\w+$");
    public static final long MAX_SAFE_INT = 9007199254740991L;

    private Rules() {}

    public static FieldError required() {
        return FieldError.of("validation_required", "Cannot be blank.");
    }

    /** Length in bytes between min and max (0 = unbounded), skipping empty values. */
    public static FieldError length(String value, int min, int max) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        int len = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if ((min > 0 && len < min) || (max > 0 && len > max)) {
            if (min == max) {
                return FieldError.of("validation_length_invalid", "The length must be exactly " + min + ".", "min", min, "max", max);
            }
            if (min == 0) {
                return FieldError.of("validation_length_too_long", "The length must be no more than " + max + ".", "min", min, "max", max);
            }
            if (max == 0) {
                return FieldError.of("validation_length_too_short", "The length must be no less than " + min + ".", "min", min, "max", max);
            }
            return FieldError.of("validation_length_out_of_range",
                    "The length must be between " + min + " and " + max + ".", "min", min, "max", max);
        }
        return null;
    }

    public static FieldError match(String value, Pattern pattern) {
        if (value == null || value.isEmpty() || pattern.matcher(value).find()) {
            return null;
        }
        return FieldError.of("validation_match_invalid", "Must be in a valid format.");
    }

    public static FieldError min(double value, double threshold) {
        if (value == 0 || value >= threshold) {
            return null;
        }
        return FieldError.of("validation_min_greater_equal_than_required",
                "Must be no less than " + goNumber(threshold) + ".", "threshold", numberParam(threshold));
    }

    public static FieldError max(double value, double threshold) {
        if (value == 0 || value <= threshold) {
            return null;
        }
        return FieldError.of("validation_max_less_equal_than_required",
                "Must be no greater than " + goNumber(threshold) + ".", "threshold", numberParam(threshold));
    }

    public static FieldError in(String value, Collection<String> allowed) {
        if (value == null || value.isEmpty() || allowed.contains(value)) {
            return null;
        }
        return FieldError.of("validation_in_invalid", "Must be a valid value.");
    }

    public static FieldError regex(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            return null;
        }
        try {
            Pattern.compile(pattern);
            return null;
        } catch (PatternSyntaxException e) {
            return FieldError.of("validation_invalid_regex", e.getDescription());
        }
    }

    public static FieldError valuesMismatch() {
        return FieldError.of("validation_values_mismatch", "Values don't match.");
    }

    public static FieldError unsupportedType() {
        return FieldError.of("validation_unsupported_value_type", "Invalid or unsupported value type.");
    }

    /** Go's {@code %v} formatting of a float64 in messages: shortest digits, %e when exp &lt; -4 or &gt;= 6. */
    public static String goNumber(double value) {
        if (value == 0) {
            return "0";
        }
        java.math.BigDecimal shortest = new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exp = shortest.precision() - shortest.scale() - 1;
        if (exp < -4 || exp >= 6) {
            java.math.BigDecimal mantissa = shortest.movePointLeft(exp).stripTrailingZeros();
            String e = Integer.toString(Math.abs(exp));
            return mantissa.toPlainString() + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return shortest.toPlainString();
    }

    private static Object numberParam(double value) {
        return Values.jsonNumber(value);
    }

    /** Validates a string option that holds a value list, keyed by index. */
    public static void putIfError(Map<String, Object> errors, String key, FieldError error) {
        if (error != null && !errors.containsKey(key)) {
            errors.put(key, error);
        }
    }
}
