package dev.shipshape.model.desired;

import dev.shipshape.model.FieldException;
import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.ListNode;
import dev.shipshape.model.YamlTree.MapNode;
import dev.shipshape.model.YamlTree.Node;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules of {@code spec.rollout}: the health timeout, the rollback switches and the maintenance window. */
final class RolloutRules {
    private static final List<String> ROLLOUT = List.of("healthTimeout", "autoRollback", "allowDowngrade", "window");
    private static final List<String> WINDOW = List.of("days", "start", "end", "timeZone");
    private static final String WINDOW_PATH = "spec.rollout.window";

    private final KnownFields fields;
    private final ValueChecks values;
    private final ProblemList problems;

    RolloutRules(KnownFields fields, ValueChecks values, ProblemList problems) {
        this.fields = fields;
        this.values = values;
        this.problems = problems;
    }

    void check(MapNode m) {
        Map<String, Entry> f = fields.of(m, "spec.rollout", ROLLOUT, Map.of());
        values.string(f.get("healthTimeout"), "spec.rollout.healthTimeout", Rollout::parseHealthTimeout);
        values.bool(f.get("autoRollback"), "spec.rollout.autoRollback");
        values.bool(f.get("allowDowngrade"), "spec.rollout.allowDowngrade");
        Entry window = f.get("window");
        if (window != null && values.mapping(window.value(), WINDOW_PATH) instanceof MapNode wm) {
            window(wm);
        }
    }

    private void window(MapNode m) {
        String path = WINDOW_PATH;
        Map<String, Entry> f = fields.of(m, path, WINDOW, Map.of(
                "start", "start is required: the local time the window opens, HH:MM such as \"02:00\"",
                "end", "end is required: the local time the window closes, HH:MM such as \"05:00\""));
        int before = problems.count();
        Set<DayOfWeek> days = days(f.get("days"));
        LocalTime start = values.string(f.get("start"), path + ".start", s -> MaintenanceWindow.parseTime(s, ""));
        LocalTime end = values.string(f.get("end"), path + ".end", s -> MaintenanceWindow.parseTime(s, ""));
        values.string(f.get("timeZone"), path + ".timeZone", s -> MaintenanceWindow.parseZone(s, ""));
        if (problems.count() == before && start != null && end != null && start.equals(end)) {
            Entry e = f.get("end");
            try {
                new MaintenanceWindow(days, start, end, ZoneId.of("UTC"));
            } catch (FieldException fe) {
                problems.add(e.value(), path + ".end", fe.getMessage());
            }
        }
    }

    /** The days of the window; null when the field is left out or is not a list. */
    private Set<DayOfWeek> days(Entry d) {
        String path = WINDOW_PATH + ".days";
        if (d == null) {
            return null;
        }
        if (!(d.value() instanceof ListNode list)) {
            problems.add(d.value(), path, "expected a list of days such as [sat, sun], found " + d.value().describe());
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            Object day = values.scalarString(item, path + "[" + i + "]", s -> MaintenanceWindow.parseDay(s, ""));
            if (day instanceof DayOfWeek dow) {
                days.add(dow);
            }
        }
        if (list.items().isEmpty()) {
            problems.add(list, path, "days lists no day; name at least one of mon, tue, wed, thu, fri, sat, sun,"
                    + " or leave days out for every day");
        }
        return days;
    }
}
