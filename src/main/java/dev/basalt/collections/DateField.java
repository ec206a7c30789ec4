package dev.basalt.collections;

import dev.basalt.error.FieldError;
import dev.basalt.util.DateTimes;
import java.time.Instant;
import java.util.Map;

/** A date-time field; values are {@code "YYYY-MM-DD HH:MM:SS.mmmZ"} strings in UTC or "". */
public record DateField(String id, String name, boolean system, boolean hidden, boolean presentable,
        boolean required, String help, String min, String max) implements Field {

    public DateField {
        help = FieldSupport.nz(help);
        min = normalize(min);
        max = normalize(max);
    }

    /** Parses any accepted date input into the canonical text (or "" when unparsable). */
    static String normalize(Object raw) {
        if (raw == null) {
            return "";
        }
        if (raw instanceof Number n && !(raw instanceof Double) && !(raw instanceof java.math.BigDecimal)) {
            return DateTimes.format(Instant.ofEpochSecond(n.longValue()));
        }
        if (!(raw instanceof String s)) {
            return "";
        }
        if (s.length() == 24 && s.charAt(10) == ' ' && s.charAt(19) == '.' && s.charAt(23) == 'Z') {
            return s; // already canonical (the stored form): skip parsing
        }
        return DateTimes.parse(s).map(i -> DateTimes.format(i.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))).orElse("");
    }

    @Override
    public String type() {
        return "date";
    }

    @Override
    public Field withIdAndName(String id, String name) {
        return new DateField(id, name, system, hidden, presentable, required, help, min, max);
    }

    @Override
    public Object zero() {
        return "";
    }

    @Override
    public Object prepare(Object raw) {
        return normalize(raw);
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
    public FieldError validate(Object value, RecordContext ctx) {
        if (!(value instanceof String v)) {
            return Rules.unsupportedType();
        }
        if (v.isEmpty()) {
            return required ? Rules.required() : null;
        }
        if (!min.isEmpty() && v.compareTo(min) < 0) {
            return FieldError.of("validation_min_greater_equal_than_required", "Must be no less than " + goTime(min) + ".",
                    "threshold", rfc3339(min));
        }
        if (!max.isEmpty() && v.compareTo(max) > 0) {
            return FieldError.of("validation_max_less_equal_than_required", "Must be no greater than " + goTime(max) + ".",
                    "threshold", rfc3339(max));
        }
        return null;
    }

    /** Go's {@code time.Time.String()} of a canonical date, e.g. "2024-01-01 00:00:00 +0000 UTC". */
    private static String goTime(String canonical) {
        String seconds = canonical.substring(0, 19);
        String millis = canonical.substring(20, 23).replaceAll("0+$", "");
        return seconds + (millis.isEmpty() ? "" : "." + millis) + " +0000 UTC";
    }

    private static String rfc3339(String canonical) {
        return DateTimes.parse(canonical).map(Instant::toString).orElse(canonical);
    }

    @Override
    public void validateSettings(SettingsContext ctx, Map<String, Object> errors) {
        FieldSupport.common(this, help, errors);
    }
}
