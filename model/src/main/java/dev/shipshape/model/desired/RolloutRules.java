package dev.shipshape.model.desired;

import dev.shipshape.model.FieldException;
import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.ListNode;
import dev.shipshape.model.YamlTree.MapNode;
import dev.shipshape.model.YamlTree.Node;
import dev.shipshape.model.YamlTree.ScalarNode;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules of {@code spec.rollout}: the health timeout, the rollback switches and the maintenance window. */
record RolloutRules(FieldChecks checks) {
    private static final List<String> ROLLOUT = List.of("healthTimeout", "autoRollback", "allowDowngrade", "window", "approval",
            "strategy", "snapshot", "consistency", "restoreOnRollback", "snapshotRetention");
    private static final List<String> WINDOW = List.of("days", "start", "end", "timeZone");
    private static final String WINDOW_PATH = "spec.rollout.window";

    void check(MapNode m) {
        Map<String, Entry> f = checks.fields().of(m, "spec.rollout", ROLLOUT, Map.of());
        checks.values().string(f.get("healthTimeout"), "spec.rollout.healthTimeout", Rollout::parseHealthTimeout);
        checks.values().bool(f.get("autoRollback"), "spec.rollout.autoRollback");
        checks.values().bool(f.get("allowDowngrade"), "spec.rollout.allowDowngrade");
        checks.values().string(f.get("approval"), "spec.rollout.approval", Rollout::parseApproval);
        checks.values().string(f.get("strategy"), "spec.rollout.strategy", RolloutStrategy::parse);
        checks.values().string(f.get("snapshot"), "spec.rollout.snapshot", Rollout.Snapshot::parse);
        checks.values().string(f.get("consistency"), "spec.rollout.consistency", Rollout.Consistency::parse);
        checks.values().string(f.get("restoreOnRollback"), "spec.rollout.restoreOnRollback", Rollout::parseRestore);
        retention(f.get("snapshotRetention"));
        Entry window = f.get("window");
        if (window != null && checks.values().mapping(window.value(), WINDOW_PATH) instanceof MapNode wm) {
            window(wm);
        }
    }

    private void retention(Entry e) {
        String path = "spec.rollout.snapshotRetention";
        if (e == null) {
            return;
        }
        if (e.value() instanceof ScalarNode s && s.isNumber() && s.text().matches("[0-9]{1,9}")) {
            try {
                Rollout.checkRetention(Integer.parseInt(s.text()));
            } catch (FieldException fe) {
                checks.problems().add(s, path, fe.getMessage());
            }
        } else {
            checks.problems().add(e.value(), path, "expected a whole number such as 3 (how many snapshots are kept), found "
                    + e.value().describe());
        }
    }

    private void window(MapNode m) {
        String path = WINDOW_PATH;
        Map<String, Entry> f = checks.fields().of(m, path, WINDOW, Map.of(
                "start", "start is required: the local time the window opens, HH:MM such as \"02:00\"",
                "end", "end is required: the local time the window closes, HH:MM such as \"05:00\""));
        int before = checks.problems().count();
        Set<DayOfWeek> days = days(f.get("days"));
        LocalTime start = checks.values().string(f.get("start"), path + ".start", s -> MaintenanceWindow.parseTime(s, ""));
        LocalTime end = checks.values().string(f.get("end"), path + ".end", s -> MaintenanceWindow.parseTime(s, ""));
        checks.values().string(f.get("timeZone"), path + ".timeZone", s -> MaintenanceWindow.parseZone(s, ""));
        if (checks.problems().count() == before && start != null && end != null && start.equals(end)) {
            Entry e = f.get("end");
            try {
                new MaintenanceWindow(days, start, end, ZoneId.of("UTC"));
            } catch (FieldException fe) {
                checks.problems().add(e.value(), path + ".end", fe.getMessage());
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
            checks.problems().add(d.value(), path, "expected a list of days such as [sat, sun], found " + d.value().describe());
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            Object day = checks.values().scalarString(item, path + "[" + i + "]", s -> MaintenanceWindow.parseDay(s, ""));
            if (day instanceof DayOfWeek dow) {
                days.add(dow);
            }
        }
        if (list.items().isEmpty()) {
            checks.problems().add(list, path, "days lists no day; name at least one of mon, tue, wed, thu, fri, sat, sun,"
                    + " or leave days out for every day");
        }
        return days;
    }
}
