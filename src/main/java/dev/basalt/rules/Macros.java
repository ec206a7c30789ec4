package dev.basalt.rules;

import dev.basalt.util.DateTimes;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The date-time macros of the filter language ({@code @now}, {@code @todayStart}, {@code @weekday}, ...), in UTC. */
final class Macros {
    private Macros() {}

    static Optional<Object> value(String name, Clock clock) {
        ZonedDateTime now = clock.instant().truncatedTo(ChronoUnit.MILLIS).atZone(ZoneOffset.UTC);
        LocalDate today = now.toLocalDate();
        Object v = switch (name) {
            case "@now" -> format(now.toLocalDateTime());
            case "@yesterday" -> format(now.toLocalDateTime().minusDays(1));
            case "@tomorrow" -> format(now.toLocalDateTime().plusDays(1));
            case "@todayStart" -> format(today.atStartOfDay());
            case "@todayEnd" -> format(today.atTime(23, 59, 59, 999_000_000));
            case "@monthStart" -> format(today.withDayOfMonth(1).atStartOfDay());
            case "@monthEnd" -> format(today.withDayOfMonth(today.lengthOfMonth()).atTime(23, 59, 59, 999_000_000));
            case "@yearStart" -> format(today.withDayOfYear(1).atStartOfDay());
            case "@yearEnd" -> format(LocalDate.of(today.getYear(), 12, 31).atTime(23, 59, 59, 999_000_000));
            case "@second" -> (long) now.getSecond();
            case "@minute" -> (long) now.getMinute();
            case "@hour" -> (long) now.getHour();
            case "@day" -> (long) now.getDayOfMonth();
            case "@month" -> (long) now.getMonthValue();
            case "@weekday" -> (long) (now.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : now.getDayOfWeek().getValue());
            case "@year" -> (long) now.getYear();
            default -> null;
        };
        return Optional.ofNullable(v);
    }

    private static String format(LocalDateTime t) {
        return DateTimes.format(t.toInstant(ZoneOffset.UTC));
    }
}
