package dev.basalt.util;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Dates in PocketBase's wire and storage format: {@code "2006-01-02 15:04:05.000Z"}, always UTC,
 * millisecond precision; the zero date is the empty string.
 *
 * <p>Because every stored date has the same fixed-width format, dates compare correctly as text,
 * which the filter language relies on.
 */
public final class DateTimes {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final List<DateTimeFormatter> LOCAL_LAYOUTS = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS][.SS][.S]"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS][.SS][.S]"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));

    private DateTimes() {}

    /** The current time, truncated to milliseconds. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Formats an instant in PocketBase's date format. */
    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** The current time in PocketBase's date format. */
    public static String nowText() {
        return format(now());
    }

    /**
     * Parses the date layouts PocketBase accepts on input: its own format, RFC 3339 / ISO 8601
     * with or without offset, a plain date, and unix seconds. Values without an offset are UTC.
     */
    public static Optional<Instant> parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.matches("-?\\d{1,12}")) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(s)));
        }
        String isoCandidate = s.endsWith("Z") && s.length() > 10 && s.charAt(10) == ' '
                ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        try {
            return Optional.of(OffsetDateTime.parse(isoCandidate).toInstant());
        } catch (DateTimeParseException ignored) {
            // fall through to the local layouts
        }
        String local = s.endsWith("Z") ? s.substring(0, s.length() - 1) : s;
        for (DateTimeFormatter layout : LOCAL_LAYOUTS) {
            try {
                return Optional.of(LocalDateTime.parse(local, layout).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException ignored) {
                // try the next layout
            }
        }
        try {
            return Optional.of(LocalDate.parse(local).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            return Optional.empty();
        }
    }
}
