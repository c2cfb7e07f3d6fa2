package dev.shipshape.controller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.ActionGraph;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.ReplaceWindow;
import dev.shipshape.model.plan.ServiceImage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shows a plan to reviewers (text) and to CI checks (JSON, {@code schema/plan-output.schema.json},
 * {@value #SCHEMA_VERSION}). Neither form contains configuration values.
 */
final class PlanPrinter {
    /** Bumped only when a field of the JSON output changes meaning or goes away; new fields keep it. */
    static final int SCHEMA_VERSION = 1;

    private PlanPrinter() {
    }

    /** One service that stops or restarts, and when: services with the same order restart side by side. */
    record Restart(int order, String service, String kind) {
    }

    static void text(String project, Plan plan, PrintWriter out) {
        text(project, plan, PathNotices.of(plan), out);
    }

    /** As {@link #text(String, Plan, PrintWriter)}, with the notices of the releases after this plan's target. */
    static void text(String project, Plan plan, PathNotices path, PrintWriter out) {
        out.printf("project %s: installed %s, target %s%n", project,
                plan.installed() == null ? "nothing" : plan.installed(), plan.target());
        if (!plan.path().isEmpty()) {
            out.printf("upgrade path: %s -> %s -> %s (each hop is a full, health-gated upgrade; this plan reaches %s,"
                            + " the final target is %s)%n", plan.installed(), plan.target(),
                    String.join(" -> ", plan.path().stream().map(Object::toString).toList()), plan.target(),
                    path.finalVersion());
        }
        if (plan.rollback() != null) {
            out.printf("rollout of %s failed: %s; %s%n", plan.rollback().failedVersion(), plan.rollback().reason(),
                    plan.rollback().restoredVersion() == null ? "not retried until the desired file changes"
                            : "keeping " + plan.rollback().restoredVersion() + " until the desired file changes");
        }
        if (!plan.images().isEmpty()) {
            out.println("images: " + String.join(", ", plan.images().stream()
                    .map(i -> i.service() + " " + i.image() + (i.pinned() ? " (pinned)" : " (floating)")).toList()));
        }
        if (plan.converged()) {
            out.println("nothing to do: the server is at the desired state");
        } else {
            if (!plan.actions().isEmpty()) {
                out.printf("plan (%d action%s, in this order):%n", plan.actions().size(), plan.actions().size() == 1 ? "" : "s");
                int i = 1;
                for (Action a : plan.actions()) {
                    out.printf("  %d. %s%n", i++, a.describe());
                }
                out.println("by action, and why:");
                printGrouped(plan.actions(), out);
            }
            out.println("downtime: " + downtime(plan));
            if (plan.held() != null) {
                out.printf("held by the maintenance window (%s; next opening %s):%n", plan.held().window(),
                        plan.held().nextOpening() == null ? "unknown" : plan.held().nextOpening());
                printGrouped(plan.held().actions(), out);
            }
            for (String w : plan.waitingFor()) {
                out.println("then: planned after these actions: " + w);
            }
        }
        if (!plan.notices().isEmpty()) {
            out.println("notices:");
            plan.notices().forEach(n -> out.println("  - " + n));
        }
        Map<Version, List<String>> later = path.later(plan);
        if (later.values().stream().anyMatch(l -> !l.isEmpty()) || !path.unknown().isEmpty()) {
            out.println("notices of the releases after it on the upgrade path:");
            later.forEach((v, notices) -> notices.forEach(n -> out.println("  - " + v + ": " + n)));
            path.unknown().forEach(v -> out.println("  - " + v + ": not known until its package is downloaded"
                    + " (plan without --no-fetch downloads it)"));
        }
        out.flush();
    }

    /** Actions grouped by kind (in order of first appearance), one line per action with its reason. */
    private static void printGrouped(List<Action> actions, PrintWriter out) {
        Map<String, List<Action>> byKind = new LinkedHashMap<>();
        for (Action a : actions) {
            if (a instanceof ReplaceWindow w) {
                // a window is its services' recreations and creations: each with its own reason
                w.replaced().forEach(r -> byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r));
                w.created().forEach(c -> byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c));
            } else {
                byKind.computeIfAbsent(a.kind(), k -> new ArrayList<>()).add(a);
            }
        }
        int width = byKind.keySet().stream().mapToInt(String::length).max().orElse(0);
        byKind.forEach((kind, list) -> {
            boolean first = true;
            for (Action a : list) {
                String label = a.why().label();
                String detail = a.detail() == null || a.detail().equals(label) ? "" : " (" + a.detail() + ")";
                String line = a.service() != null ? a.service() + ": " + label + detail : label + detail;
                out.printf("  %-" + width + "s  %s%n", first ? kind : "", line);
                first = false;
            }
        });
    }

    /** Which services stop or restart, in which order; which are left alone. */
    static String downtime(Plan plan) {
        List<Restart> restarts = restarts(plan);
        if (restarts.isEmpty()) {
            return plan.held() == null ? "none: no running service is stopped or restarted"
                    : "none now: the restarts wait for the maintenance window";
        }
        StringBuilder sb = new StringBuilder();
        int order = 0;
        for (Restart r : restarts) {
            if (r.order() != order) {
                sb.append(order == 0 ? "" : ", then ");
                order = r.order();
            } else {
                sb.append(" and ");
            }
            sb.append(r.service()).append(r.kind().equals("stop") ? " stops" : " restarts");
        }
        sb.append(plan.actions().stream().anyMatch(a -> a instanceof ReplaceWindow)
                ? " (in one window: every replacement is created first while the old version serves, then the services"
                + " go down together and come back step by step, each step once the one before has started or, where the"
                + " release says service_healthy, is healthy; if one fails, the whole window is rolled back)"
                : " (one step at a time; a restarted service must be healthy before the next step)");
        Set<String> untouched = new LinkedHashSet<>();
        plan.images().forEach(i -> untouched.add(i.service()));
        restarts.forEach(r -> untouched.remove(r.service()));
        if (!untouched.isEmpty()) {
            sb.append("; not restarted: ").append(String.join(", ", untouched));
        }
        return sb.toString();
    }

    /**
     * The disruptive actions of the plan as restart steps: services that may restart side by side
     * (the same depth in the plan's {@link ActionGraph}) are one step.
     */
    static List<Restart> restarts(Plan plan) {
        ActionGraph graph = ActionGraph.of(plan.actions());
        int[] depth = graph.depths();
        java.util.TreeMap<Integer, List<Action>> steps = new java.util.TreeMap<>();
        for (int i = 0; i < depth.length; i++) {
            Action a = plan.actions().get(i);
            // an upgrade job is held like a restart, but restarts no service itself
            if (a.disruptive() && a.service() != null) {
                steps.computeIfAbsent(depth[i], d -> new ArrayList<>()).add(a);
            } else if (a instanceof ReplaceWindow) {
                steps.computeIfAbsent(depth[i], d -> new ArrayList<>());
            }
        }
        List<Restart> out = new ArrayList<>();
        int order = 0;
        for (List<Action> step : steps.values()) {
            order++;
            int layers = 0;
            for (Action a : step) {
                out.add(new Restart(order, a.service(), a.kind()));
            }
            // a window's services come back layer by layer: each layer is a step
            for (Action a : plan.actions()) {
                if (a instanceof ReplaceWindow w && depth[plan.actions().indexOf(a)] == depthOf(steps, step)) {
                    List<List<String>> ls = w.layers();
                    for (int l = 0; l < ls.size(); l++) {
                        for (String service : ls.get(l)) {
                            boolean created = w.created().stream().anyMatch(c -> c.service().equals(service));
                            out.add(new Restart(order + l, service, created ? "create" : "recreate"));
                        }
                    }
                    layers = Math.max(layers, ls.size() - 1);
                }
            }
            order += layers;
        }
        return out;
    }

    private static int depthOf(java.util.TreeMap<Integer, List<Action>> steps, List<Action> step) {
        return steps.entrySet().stream().filter(e -> e.getValue() == step).findFirst().orElseThrow().getKey();
    }

    static void json(String project, Plan plan, PrintWriter out) {
        json(project, plan, PathNotices.of(plan), out);
    }

    static void json(String project, Plan plan, PathNotices path, PrintWriter out) {
        json(document(project, plan, path), out);
    }

    /** Prints a plan document (see {@link #document}), which a caller may have added to. */
    static void json(Map<String, Object> document, PrintWriter out) {
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** The {@code plan --output json} document; its shape is schema/plan-output.schema.json. */
    static Map<String, Object> document(String project, Plan plan) {
        return document(project, plan, PathNotices.of(plan));
    }

    static Map<String, Object> document(String project, Plan plan, PathNotices path) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", SCHEMA_VERSION);
        doc.put("project", project);
        doc.put("installedVersion", plan.installed() == null ? null : plan.installed().toString());
        doc.put("targetVersion", plan.target().toString());
        doc.put("upgradePath", upgradePath(plan));
        doc.put("changesPending", !plan.converged());
        doc.put("actions", actions(plan.actions()));
        List<Map<String, Object>> restarts = new ArrayList<>();
        for (Restart r : restarts(plan)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("order", r.order());
            m.put("service", r.service());
            m.put("kind", r.kind());
            restarts.add(m);
        }
        doc.put("restarts", restarts);
        if (plan.held() == null) {
            doc.put("heldByWindow", null);
        } else {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("window", plan.held().window());
            h.put("nextOpening", plan.held().nextOpening() == null ? null : plan.held().nextOpening().toString());
            h.put("actions", actions(plan.held().actions()));
            doc.put("heldByWindow", h);
        }
        doc.put("waitingFor", plan.waitingFor());
        doc.put("notices", plan.notices());
        doc.put("finalVersion", path.finalVersion().toString());
        List<Map<String, Object>> onPath = new ArrayList<>();
        path.notices().forEach((v, notices) -> notices.forEach(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", v.toString());
            m.put("notice", n);
            onPath.add(m);
        }));
        doc.put("noticesOnPath", onPath);
        if (plan.rollback() == null) {
            doc.put("rollback", null);
        } else {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("failedVersion", plan.rollback().failedVersion().toString());
            r.put("restoredVersion", plan.rollback().restoredVersion() == null ? null : plan.rollback().restoredVersion().toString());
            r.put("reason", plan.rollback().reason());
            doc.put("rollback", r);
        }
        List<Map<String, Object>> images = new ArrayList<>();
        for (ServiceImage i : plan.images()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", i.service());
            m.put("image", i.image().toString());
            m.put("pinned", i.pinned());
            images.add(m);
        }
        doc.put("images", images);
        return doc;
    }

    /** The versions still to install, this plan's target first; empty when the installed version stays. */
    private static List<String> upgradePath(Plan plan) {
        List<String> path = new ArrayList<>();
        Version installed = plan.installed();
        if (installed == null || !installed.toString().equals(plan.target().toString()) || !plan.path().isEmpty()) {
            if (installed == null || !installed.toString().equals(plan.target().toString())) {
                path.add(plan.target().toString());
            }
            plan.path().forEach(v -> path.add(v.toString()));
        }
        return path;
    }

    private static List<Map<String, Object>> actions(List<Action> actions) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Action a : actions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", a.kind());
            m.put("service", a.service());
            m.put("reason", a.why().code());
            m.put("detail", a.detail());
            m.put("description", a.describe());
            m.put("disruptive", a.disruptive());
            out.add(m);
        }
        return out;
    }
}
