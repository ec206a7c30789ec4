package dev.basalt.auth.oauth2;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Loose conversions of JSON values, matching the {@code spf13/cast} calls PocketBase uses for
 * provider {@code extra} options and for claims that providers send with varying types.
 */
final class Casts {
    private Casts() {}

    /** {@code cast.ToString}: strings as is, numbers and booleans printed, anything else "". */
    static String string(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "";
    }

    /**
     * {@code cast.ToBool}: {@code true}; a non-zero number; a string Go's {@code strconv.ParseBool}
     * reads as true ({@code "1"}, {@code "t"}, {@code "T"}, {@code "true"}, {@code "TRUE"},
     * {@code "True"}). Everything else, including null, is false.
     */
    static boolean truthy(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof BigDecimal d) {
            return d.signum() != 0;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof String s) {
            return switch (s) {
                case "1", "t", "T", "true", "TRUE", "True" -> true;
                default -> false;
            };
        }
        return false;
    }

    /** {@code cast.ToStringSlice}: a list's items as strings, or a string split on whitespace. */
    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                out.add(item instanceof String s ? s : string(item));
            }
        } else if (value instanceof String s && !s.isBlank()) {
            out.addAll(List.of(s.trim().split("\\s+")));
        }
        return out;
    }
}
