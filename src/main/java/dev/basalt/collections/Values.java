package dev.basalt.collections;

import dev.basalt.util.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Conversions of loosely typed input (JSON bodies, form values, database columns) into field
 * values, with the same leniency as PocketBase's casts: numbers from numeric strings, booleans
 * from {@code "1"}/{@code "true"}, lists from JSON array text, unknown shapes to zero values.
 */
public final class Values {
    private Values() {}

    /** A string; numbers without trailing zeros, booleans as true/false, lists and maps as "". */
    public static String toText(Object raw) {
        return switch (raw) {
            case null -> "";
            case String s -> s;
            case Boolean b -> b.toString();
            case Double d -> d.isNaN() || d.isInfinite() ? d.toString() : plain(new BigDecimal(Double.toString(d)));
            case Float f -> plain(new BigDecimal(Float.toString(f)));
            case BigDecimal d -> plain(d);
            case Number n -> n.toString();
            case byte[] bytes -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            case JsonNode node -> node.isString() ? node.asString() : node.isNumber() || node.isBoolean()
                    ? toText(Json.toPlain(node)) : "";
            default -> "";
        };
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    /** A double; unparsable input is 0. Strings are not trimmed (as in PocketBase). */
    public static double toDouble(Object raw) {
        return switch (raw) {
            case null -> 0;
            case Boolean b -> b ? 1 : 0;
            case Number n -> n.doubleValue();
            case String s -> {
                if (s.isEmpty() || !s.equals(s.strip())) {
                    yield 0;
                }
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    yield 0;
                }
            }
            case JsonNode node -> toDouble(Json.toPlain(node));
            default -> 0;
        };
    }

    /** A boolean: true for true, non-zero numbers and 1/t/T/TRUE/true/True; false otherwise. */
    public static boolean toBool(Object raw) {
        return switch (raw) {
            case null -> false;
            case Boolean b -> b;
            case Number n -> n.doubleValue() != 0;
            case String s -> switch (s) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                default -> false;
            };
            case JsonNode node -> toBool(Json.toPlain(node));
            default -> false;
        };
    }

    /**
     * Unique non-empty strings in first-seen order. A string containing {@code [} is read as a JSON
     * array when it is one; other strings are a single value (commas are not split).
     */
    public static List<String> toUniqueStrings(Object raw) {
        List<String> items = new ArrayList<>();
        switch (raw) {
            case null -> { }
            case String s -> {
                if (s.contains("[")) {
                    List<String> decoded = decodeStringArray(s);
                    if (decoded != null) {
                        items.addAll(decoded);
                        break;
                    }
                }
                items.add(s);
            }
            case List<?> list -> {
                for (Object item : list) {
                    if (item instanceof List<?> || item instanceof Map<?, ?>) {
                        return List.of(); // one unconvertible element empties the whole list
                    }
                    items.add(toText(item));
                }
            }
            case JsonNode node -> {
                return toUniqueStrings(Json.toPlain(node));
            }
            case Map<?, ?> map -> { }
            default -> items.add(toText(raw));
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String item : items) {
            if (!item.isEmpty()) {
                unique.add(item);
            }
        }
        return List.copyOf(unique);
    }

    private static List<String> decodeStringArray(String text) {
        try {
            JsonNode node = Json.parse(text);
            if (!node.isArray()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isString()) {
                    return null;
                }
                out.add(item.asString());
            }
            return out;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** True when the number is an integer that fits a long. */
    public static boolean isIntegral(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value);
    }

    /** A number in its JSON form: integers as long when exact, otherwise the double. */
    public static Object jsonNumber(double value) {
        if (isIntegral(value) && Math.abs(value) < 9.007199254740992E15) {
            return (long) value;
        }
        return value;
    }

    /** Converts big integers to long when possible (database drivers return various types). */
    static Object normalizeNumber(Object raw) {
        if (raw instanceof BigInteger bi && bi.bitLength() < 64) {
            return bi.longValue();
        }
        return raw;
    }
}
