package dev.shipshape.model.desired;

import dev.shipshape.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MaintenanceWindowTest {
    private static final Path FILE = Path.of("server.yaml");
    private static final String VALID = """
            apiVersion: shipshape.dev/v1
            kind: Server
            metadata:
              name: spacetech
            spec:
              version: 3.8.1
              source:
                url: https://releases.example.com/server-linux-x64-{version}.zip
              projectDir: projects/spacetech
              rollout:
                window:
            """;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** {@code body} are the lines under {@code window:}, without indentation. */
    private static MaintenanceWindow parse(String... body) {
        return DesiredFile.parse(FILE, text(body)).spec().rollout().window();
    }

    private static String text(String... body) {
        StringBuilder sb = new StringBuilder(VALID);
        for (String line : body) {
            sb.append("      ").append(line).append('\n');
        }
        return sb.toString();
    }

    private static InvalidInputException refused(String... body) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> DesiredFile.parse(FILE, text(body)));
        assertThat(e).as("expected an InvalidInputException for:%n%s", text(body)).isNotNull();
        assertThat(e.file()).isEqualTo("server.yaml");
        assertThat(e.line()).isPositive();
        return e;
    }

    private static MaintenanceWindow window(Set<DayOfWeek> days, String start, String end, ZoneId zone) {
        return new MaintenanceWindow(days, LocalTime.parse(start), LocalTime.parse(end), zone);
    }

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    // ---------- parsing ----------

    @Test
    void parsesTheDocumentedExample() {
        MaintenanceWindow w = parse("days: [sat, sun]", "start: \"02:00\"", "end: \"05:00\"", "timeZone: Europe/Berlin");
        assertThat(w.days()).containsExactly(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(w.start()).isEqualTo(LocalTime.of(2, 0));
        assertThat(w.end()).isEqualTo(LocalTime.of(5, 0));
        assertThat(w.timeZone()).isEqualTo(BERLIN);
        assertThat(w.describe()).isEqualTo("sat, sun 02:00-05:00 Europe/Berlin");
    }

    @Test
    void daysDefaultToEveryDayAndTheZoneToUtc() {
        MaintenanceWindow w = parse("start: \"22:00\"", "end: \"02:00\"");
        assertThat(w.days()).isEqualTo(EnumSet.allOf(DayOfWeek.class));
        assertThat(w.timeZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(w.describe()).isEqualTo("every day 22:00-02:00 Z");
    }

    @Test
    void dayNamesAreCaseInsensitiveAndMayBeWrittenInFull() {
        MaintenanceWindow w = parse("days: [Mon, FRIDAY, wed, mon]", "start: \"00:00\"", "end: \"23:59\"");
        assertThat(w.days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY);
    }

    @Test
    void flowStyleWorksToo() {
        String text = VALID.replace("    window:\n", "    window: {days: [sat], start: \"01:30\", end: \"03:00\", timeZone: UTC}\n");
        MaintenanceWindow w = DesiredFile.parse(FILE, text).spec().rollout().window();
        assertThat(w.days()).containsExactly(DayOfWeek.SATURDAY);
        assertThat(w.start()).isEqualTo(LocalTime.of(1, 30));
    }

    @Test
    void nullOrAbsentWindowMeansNoWindow() {
        assertThat(DesiredFile.parse(FILE, VALID.replace("    window:\n", "    window: null\n")).spec().rollout().window()).isNull();
        assertThat(DesiredFile.parse(FILE, VALID.replace("  rollout:\n    window:\n", "")).spec().rollout().window()).isNull();
    }

    @Test
    void unquotedTimesAreReadAsTimes() {
        MaintenanceWindow w = parse("start: 22:00", "end: 02:00");
        assertThat(w.start()).isEqualTo(LocalTime.of(22, 0));
        assertThat(w.end()).isEqualTo(LocalTime.of(2, 0));
    }

    // ---------- validation errors ----------

    @Test
    void startThatIsNoTimeIsRefusedNamingTheField() {
        InvalidInputException e = refused("start: \"25:00\"", "end: \"05:00\"");
        assertThat(e.field()).isEqualTo("spec.rollout.window.start");
        assertThat(e.getMessage()).contains("spec.rollout.window.start: '25:00' is not a time HH:MM");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5am", "05:60", "5:00", "05:00:00", "24:00", "", "noon"})
    void endThatIsNoTimeIsRefused(String end) {
        InvalidInputException e = refused("start: \"02:00\"", "end: \"" + end + "\"");
        assertThat(e.field()).isEqualTo("spec.rollout.window.end");
        assertThat(e.getMessage()).contains("'" + end + "' is not a time HH:MM");
    }

    @Test
    void missingStartOrEndIsRefused() {
        InvalidInputException e = refused("end: \"05:00\"");
        assertThat(e.field()).isEqualTo("spec.rollout.window.start");
        assertThat(e.getMessage()).contains("start is required");
        e = refused("start: \"05:00\"");
        assertThat(e.field()).isEqualTo("spec.rollout.window.end");
        assertThat(e.getMessage()).contains("end is required");
        e = refused("{}");
        assertThat(e.field()).isEqualTo("spec.rollout.window.start");
    }

    @Test
    void endEqualToStartIsRefused() {
        InvalidInputException e = refused("start: \"02:00\"", "end: \"02:00\"");
        assertThat(e.field()).isEqualTo("spec.rollout.window.end");
        assertThat(e.getMessage()).contains("same time as start");
    }

    @Test
    void unknownDayIsRefusedNamingTheListItem() {
        InvalidInputException e = refused("days: [sat, funday]", "start: \"02:00\"", "end: \"05:00\"");
        assertThat(e.field()).isEqualTo("spec.rollout.window.days[1]");
        assertThat(e.getMessage()).contains("'funday' is not a day; use mon, tue, wed, thu, fri, sat or sun");
    }

    @Test
    void emptyDayListIsRefused() {
        InvalidInputException e = refused("days: []", "start: \"02:00\"", "end: \"05:00\"");
        assertThat(e.field()).isEqualTo("spec.rollout.window.days");
        assertThat(e.getMessage()).contains("at least one");
    }

    @Test
    void daysThatAreNoListAreRefused() {
        InvalidInputException e = refused("days: {sat: true}", "start: \"02:00\"", "end: \"05:00\"");
        assertThat(e.getMessage()).contains("spec.rollout.window.days").contains("list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "Europe/Berln", "CEST+", ""})
    void unknownTimeZoneIsRefused(String zone) {
        InvalidInputException e = refused("start: \"02:00\"", "end: \"05:00\"", "timeZone: \"" + zone + "\"");
        assertThat(e.field()).isEqualTo("spec.rollout.window.timeZone");
        assertThat(e.getMessage()).contains("'" + zone + "' is not a known time zone");
    }

    @Test
    void unknownKeyIsRefusedWithItsLocation() {
        InvalidInputException e = refused("start: \"02:00\"", "end: \"05:00\"", "timezone: UTC");
        assertThat(e.field()).isEqualTo("spec.rollout.window.timezone");
        assertThat(e.getMessage()).contains("unknown field 'timezone'").contains("timeZone");
        assertThat(e.line()).isEqualTo(VALID.split("\n").length + 3);
    }

    @Test
    void windowThatIsNoMappingIsRefused() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> DesiredFile.parse(FILE, VALID.replace("    window:\n", "    window: weekends\n")));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("spec.rollout.window");
    }

    // ---------- isOpen / nextOpening ----------

    @Test
    void dailyWindowOpensAtStartAndClosesAtEnd() {
        MaintenanceWindow w = window(null, "02:00", "05:00", ZoneOffset.UTC);
        assertThat(w.isOpen(t("2024-06-03T01:59:59Z"))).isFalse();
        assertThat(w.nextOpening(t("2024-06-03T01:59:59Z"))).contains(t("2024-06-03T02:00:00Z"));
        assertThat(w.isOpen(t("2024-06-03T02:00:00Z"))).isTrue();
        assertThat(w.isOpen(t("2024-06-03T04:59:59Z"))).isTrue();
        assertThat(w.nextOpening(t("2024-06-03T03:00:00Z"))).as("open: now").contains(t("2024-06-03T03:00:00Z"));
        assertThat(w.isOpen(t("2024-06-03T05:00:00Z"))).as("end is exclusive").isFalse();
        assertThat(w.nextOpening(t("2024-06-03T05:00:00Z"))).contains(t("2024-06-04T02:00:00Z"));
    }

    @Test
    void windowCrossingMidnightBelongsToTheDayItOpens() {
        MaintenanceWindow w = window(Set.of(DayOfWeek.SATURDAY), "22:00", "02:00", ZoneOffset.UTC);
        // 2024-06-01 is a Saturday
        assertThat(w.isOpen(t("2024-05-31T23:00:00Z"))).as("Friday night").isFalse();
        assertThat(w.isOpen(t("2024-06-01T01:00:00Z"))).as("early Saturday: Friday's window, not a window day").isFalse();
        assertThat(w.nextOpening(t("2024-06-01T21:00:00Z"))).contains(t("2024-06-01T22:00:00Z"));
        assertThat(w.isOpen(t("2024-06-01T22:00:00Z"))).isTrue();
        assertThat(w.isOpen(t("2024-06-01T23:59:59Z"))).isTrue();
        assertThat(w.isOpen(t("2024-06-02T00:00:00Z"))).as("Sunday, after midnight").isTrue();
        assertThat(w.isOpen(t("2024-06-02T01:59:59Z"))).isTrue();
        assertThat(w.nextOpening(t("2024-06-02T01:00:00Z"))).contains(t("2024-06-02T01:00:00Z"));
        assertThat(w.isOpen(t("2024-06-02T02:00:00Z"))).isFalse();
        assertThat(w.nextOpening(t("2024-06-02T02:00:00Z"))).contains(t("2024-06-08T22:00:00Z"));
    }

    @Test
    void nextOpeningSkipsToTheNextWindowDay() {
        MaintenanceWindow w = window(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), "02:00", "05:00", ZoneOffset.UTC);
        assertThat(w.nextOpening(t("2024-06-03T10:00:00Z"))).as("from Monday").contains(t("2024-06-08T02:00:00Z"));
        assertThat(w.nextOpening(t("2024-06-08T06:00:00Z"))).as("after Saturday's").contains(t("2024-06-09T02:00:00Z"));
        assertThat(w.nextOpening(t("2024-06-09T06:00:00Z"))).as("after Sunday's").contains(t("2024-06-15T02:00:00Z"));
        assertThat(w.isOpen(t("2024-06-05T03:00:00Z"))).as("Wednesday").isFalse();
    }

    @Test
    void timesAreLocalToTheZone() {
        MaintenanceWindow w = window(null, "02:00", "05:00", BERLIN);
        // summer: Berlin is UTC+2
        assertThat(w.isOpen(t("2024-05-31T23:59:59Z"))).isFalse();
        assertThat(w.isOpen(t("2024-06-01T00:00:00Z"))).isTrue();
        assertThat(w.isOpen(t("2024-06-01T02:59:59Z"))).isTrue();
        assertThat(w.isOpen(t("2024-06-01T03:00:00Z"))).isFalse();
        Instant next = w.nextOpening(t("2024-06-01T12:00:00Z")).orElseThrow();
        assertThat(next).isEqualTo(t("2024-06-02T00:00:00Z"));
        assertThat(w.format(next)).isEqualTo("2024-06-02T02:00:00+02:00");
        // winter: UTC+1
        assertThat(w.nextOpening(t("2024-01-10T12:00:00Z"))).contains(t("2024-01-11T01:00:00Z"));
        assertThat(w.format(t("2024-01-11T01:00:00Z"))).isEqualTo("2024-01-11T02:00:00+01:00");
    }

    @Test
    void springForwardStartInTheGapOpensWhenTheClockJumps() {
        // 2024-03-31, last Sunday of March: in Berlin 02:00 CET jumps to 03:00 CEST (01:00Z); 02:00 does not exist.
        MaintenanceWindow w = window(Set.of(DayOfWeek.SUNDAY), "02:00", "05:00", BERLIN);
        assertThat(w.nextOpening(t("2024-03-30T12:00:00Z"))).contains(t("2024-03-31T01:00:00Z"));
        assertThat(w.isOpen(t("2024-03-31T00:59:59Z"))).as("01:59:59 CET").isFalse();
        assertThat(w.isOpen(t("2024-03-31T01:00:00Z"))).as("03:00 CEST").isTrue();
        assertThat(w.isOpen(t("2024-03-31T02:59:59Z"))).as("04:59:59 CEST").isTrue();
        assertThat(w.isOpen(t("2024-03-31T03:00:00Z"))).as("05:00 CEST").isFalse();
        assertThat(w.format(t("2024-03-31T01:00:00Z"))).isEqualTo("2024-03-31T03:00:00+02:00");
        // the Sunday before and after keep their local hours
        assertThat(w.nextOpening(t("2024-03-23T12:00:00Z"))).contains(t("2024-03-24T01:00:00Z"));
        assertThat(w.nextOpening(t("2024-03-31T12:00:00Z"))).contains(t("2024-04-07T00:00:00Z"));
    }

    @Test
    void windowInTheSpringGapMovesLaterByTheGap() {
        // 02:15-02:45 does not exist on 2024-03-31 in Berlin: it becomes 03:15-03:45 CEST (01:15Z-01:45Z).
        MaintenanceWindow w = window(Set.of(DayOfWeek.SUNDAY), "02:15", "02:45", BERLIN);
        assertThat(w.nextOpening(t("2024-03-30T12:00:00Z"))).contains(t("2024-03-31T01:15:00Z"));
        assertThat(w.isOpen(t("2024-03-31T01:00:00Z"))).isFalse();
        assertThat(w.isOpen(t("2024-03-31T01:30:00Z"))).isTrue();
        assertThat(w.isOpen(t("2024-03-31T01:45:00Z"))).isFalse();
        // a window whose start moves past its end does not open that day: 02:30 -> 03:30, end 03:00
        MaintenanceWindow empty = window(Set.of(DayOfWeek.SUNDAY), "02:30", "03:00", BERLIN);
        assertThat(empty.nextOpening(t("2024-03-30T12:00:00Z"))).contains(t("2024-04-07T00:30:00Z"));
    }

    @Test
    void fallBackWindowLastsItsWallClockHours() {
        // 2024-10-27, last Sunday of October: 03:00 CEST falls back to 02:00 CET (01:00Z); 01:00-04:00 local is 4 real hours.
        MaintenanceWindow w = window(Set.of(DayOfWeek.SUNDAY), "01:00", "04:00", BERLIN);
        assertThat(w.nextOpening(t("2024-10-26T12:00:00Z"))).contains(t("2024-10-26T23:00:00Z"));
        assertThat(w.isOpen(t("2024-10-26T22:59:59Z"))).isFalse();
        assertThat(w.isOpen(t("2024-10-27T02:30:00Z"))).as("03:30 CET").isTrue();
        assertThat(w.isOpen(t("2024-10-27T03:00:00Z"))).as("04:00 CET").isFalse();
    }

    @Test
    void windowCrossingMidnightInAZone() {
        // Friday 23:00 to Saturday 01:00 in New York (UTC-4 in June): 03:00Z to 05:00Z on Saturday.
        MaintenanceWindow w = window(Set.of(DayOfWeek.FRIDAY), "23:00", "01:00", ZoneId.of("America/New_York"));
        assertThat(w.nextOpening(t("2024-06-01T00:00:00Z"))).as("Friday 20:00 local").contains(t("2024-06-01T03:00:00Z"));
        assertThat(w.isOpen(t("2024-06-01T04:30:00Z"))).isTrue();
        assertThat(w.isOpen(t("2024-06-01T05:00:00Z"))).isFalse();
        assertThat(w.format(t("2024-06-01T03:00:00Z"))).isEqualTo("2024-05-31T23:00:00-04:00");
    }

    @Test
    void nextOpeningIsAlwaysFoundForAValidWindow() {
        MaintenanceWindow w = window(Set.of(DayOfWeek.THURSDAY), "00:00", "00:01", BERLIN);
        for (int day = 0; day < 14; day++) {
            Instant now = t("2024-03-25T00:00:00Z").plusSeconds(day * 86_400L + 3_600L * (day % 24));
            Optional<Instant> next = w.nextOpening(now);
            assertThat(next).isPresent();
            assertThat(w.isOpen(next.get())).isTrue();
            assertThat(next.get()).isAfterOrEqualTo(now);
        }
    }
}
