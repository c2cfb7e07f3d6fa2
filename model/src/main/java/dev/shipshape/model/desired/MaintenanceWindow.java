package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.shipshape.model.FieldException;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code spec.rollout.window}: when changes that restart running services may run.
 *
 * <pre>{@code
 * rollout:
 *   window:
 *     days: [sat, sun]        # mon..sun, optional: every day when omitted
 *     start: "02:00"          # HH:MM, local time of timeZone
 *     end: "05:00"            # may be earlier than start: the window then crosses midnight
 *     timeZone: Europe/Berlin # IANA zone, default UTC
 * }</pre>
 *
 * <p>{@code days} are the days a window <em>opens</em>: {@code days: [sat], start: "22:00", end: "02:00"}
 * is open from Saturday 22:00 to Sunday 02:00. Times are wall-clock times of {@code timeZone}, so a window
 * keeps its local hours across daylight-saving changes. A time that does not exist on a given day (it falls in
 * the spring-forward gap) is moved later by the length of the gap, as {@link ZonedDateTime#of} does: in
 * Europe/Berlin on the last Sunday of March, 02:00 opens at 03:00 CEST and 02:30 at 03:30 CEST. A time that occurs
 * twice (the autumn fall-back) is its first occurrence. {@code start} and {@code end} must differ.
 *
 * <p>Pure: "now" is always passed in (the planner uses the observation time).
 *
 * @param days     the days of the week a window opens; never empty (all days when omitted)
 * @param start    local time the window opens
 * @param end      local time the window closes; not after {@code start} means on the next day
 * @param timeZone the zone of {@code start} and {@code end}
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId timeZone) {
    private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2})");
    private static final Map<String, DayOfWeek> DAY_NAMES = dayNames();

    public MaintenanceWindow {
        if (days == null) {
            days = EnumSet.allOf(DayOfWeek.class);
        }
        if (days.isEmpty()) {
            throw new FieldException("days", "days lists no day; name at least one of mon, tue, wed, thu, fri, sat, sun,"
                    + " or leave days out for every day");
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
        if (start == null) {
            throw new FieldException("start", "start is required: the local time the window opens, HH:MM such as \"02:00\"");
        }
        if (end == null) {
            throw new FieldException("end", "end is required: the local time the window closes, HH:MM such as \"05:00\"");
        }
        if (start.equals(end)) {
            throw new FieldException("end", "end is the same time as start (" + hhmm(start) + "): the window would be"
                    + " empty or last all day; leave the window out to allow restarts at any time");
        }
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone;
    }

    @JsonCreator
    static MaintenanceWindow fromYaml(@JsonProperty("days") List<String> days,
                                      @JsonProperty("start") String start,
                                      @JsonProperty("end") String end,
                                      @JsonProperty("timeZone") String timeZone) {
        Set<DayOfWeek> parsedDays = null;
        if (days != null) {
            parsedDays = EnumSet.noneOf(DayOfWeek.class);
            for (int i = 0; i < days.size(); i++) {
                parsedDays.add(parseDay(days.get(i), "days[" + i + "]"));
            }
        }
        return new MaintenanceWindow(parsedDays,
                start == null ? null : parseTime(start, "start"),
                end == null ? null : parseTime(end, "end"),
                timeZone == null ? null : parseZone(timeZone, "timeZone"));
    }

    /** mon..sun (or the full English name), any case. */
    public static DayOfWeek parseDay(String text, String field) {
        DayOfWeek day = text == null ? null : DAY_NAMES.get(text.trim().toLowerCase(Locale.ROOT));
        if (day == null) {
            throw new FieldException(field, "'" + text + "' is not a day; use mon, tue, wed, thu, fri, sat or sun");
        }
        return day;
    }

    /** HH:MM, 00:00 to 23:59. */
    public static LocalTime parseTime(String text, String field) {
        Matcher m = TIME.matcher(text.trim());
        if (m.matches()) {
            int hour = Integer.parseInt(m.group(1));
            int minute = Integer.parseInt(m.group(2));
            if (hour <= 23 && minute <= 59) {
                return LocalTime.of(hour, minute);
            }
        }
        throw new FieldException(field, "'" + text + "' is not a time HH:MM (00:00 to 23:59), such as \"02:00\"");
    }

    /** An IANA zone such as Europe/Berlin, or UTC. */
    public static ZoneId parseZone(String text, String field) {
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw new FieldException(field, "'" + text + "' is not a known time zone; use an IANA zone such as"
                    + " Europe/Berlin, America/New_York or UTC");
        }
    }

    /** Whether a window is open at {@code now}: it opened at or before now and closes after now. */
    public boolean isOpen(Instant now) {
        LocalDate today = now.atZone(timeZone).toLocalDate();
        for (LocalDate day : List.of(today.minusDays(1), today)) {
            Optional<ZonedDateTime[]> w = windowOpeningOn(day);
            if (w.isPresent() && !now.isBefore(w.get()[0].toInstant()) && now.isBefore(w.get()[1].toInstant())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first instant at or after {@code now} at which the window is open: {@code now} itself while it is
     * open. Empty only if no window opens within the next eight days (which cannot happen for a valid window;
     * the Optional keeps callers honest).
     */
    public Optional<Instant> nextOpening(Instant now) {
        LocalDate today = now.atZone(timeZone).toLocalDate();
        for (int i = -1; i <= 8; i++) {
            Optional<ZonedDateTime[]> w = windowOpeningOn(today.plusDays(i));
            if (w.isPresent() && now.isBefore(w.get()[1].toInstant())) {
                Instant opens = w.get()[0].toInstant();
                return Optional.of(opens.isAfter(now) ? opens : now);
            }
        }
        return Optional.empty();
    }

    /** {@code instant} as ISO-8601 in this window's zone, to the second: {@code 2024-03-30T02:00:00+01:00}. */
    public String format(Instant instant) {
        return instant.atZone(timeZone).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** For people: {@code sat, sun 02:00-05:00 Europe/Berlin}. */
    public String describe() {
        String d = days.size() == 7 ? "every day" : days.stream()
                .map(x -> x.name().substring(0, 3).toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        return d + " " + hhmm(start) + "-" + hhmm(end) + " " + timeZone.getId();
    }

    /** The window that opens on {@code day}, as [opens, closes], or empty when none opens that day. */
    private Optional<ZonedDateTime[]> windowOpeningOn(LocalDate day) {
        if (!days.contains(day.getDayOfWeek())) {
            return Optional.empty();
        }
        ZonedDateTime opens = ZonedDateTime.of(day, start, timeZone);
        ZonedDateTime closes = ZonedDateTime.of(end.isAfter(start) ? day : day.plusDays(1), end, timeZone);
        return opens.isBefore(closes) ? Optional.of(new ZonedDateTime[]{opens, closes}) : Optional.empty();
    }

    private static String hhmm(LocalTime t) {
        return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
    }

    private static Map<String, DayOfWeek> dayNames() {
        Map<String, DayOfWeek> m = new java.util.HashMap<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            m.put(full, d);
            m.put(full.substring(0, 3), d);
        }
        return Map.copyOf(m);
    }
}
