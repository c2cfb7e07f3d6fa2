package dev.shipshape.controller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.ServiceImage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shows a plan to people (text) and to CI checks (JSON). Neither form contains configuration values. */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static void text(String project, Plan plan, PrintWriter out) {
        out.printf("project %s: installed %s, target %s%n", project,
                plan.installed() == null ? "nothing" : plan.installed(), plan.target());
        if (!plan.path().isEmpty()) {
            out.printf("upgrade path: %s -> %s -> %s (each hop is a full, health-gated upgrade; this plan reaches %s)%n",
                    plan.installed(), plan.target(),
                    String.join(" -> ", plan.path().stream().map(Object::toString).toList()), plan.target());
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
            out.printf("plan (%d action%s):%n", plan.actions().size(), plan.actions().size() == 1 ? "" : "s");
            int i = 1;
            for (Action a : plan.actions()) {
                out.printf("  %d. %s%n", i++, a.describe());
            }
            List<String> restarts = restarted(plan);
            if (!restarts.isEmpty()) {
                out.println("downtime: " + String.join(", ", restarts) + " restart");
            }
            for (String w : plan.waitingFor()) {
                out.println("then: planned after these actions: " + w);
            }
        }
        if (!plan.notices().isEmpty()) {
            out.println("notices:");
            plan.notices().forEach(n -> out.println("  - " + n));
        }
        out.flush();
    }

    static void json(String project, Plan plan, PrintWriter out) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("project", project);
        doc.put("installed", plan.installed() == null ? null : plan.installed().toString());
        doc.put("target", plan.target().toString());
        doc.put("converged", plan.converged());
        doc.put("path", plan.path().stream().map(Object::toString).toList());
        if (plan.rollback() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("failedVersion", plan.rollback().failedVersion().toString());
            r.put("restoredVersion", plan.rollback().restoredVersion() == null ? null : plan.rollback().restoredVersion().toString());
            r.put("reason", plan.rollback().reason());
            doc.put("rollback", r);
        }
        List<Map<String, Object>> actions = new ArrayList<>();
        for (Action a : plan.actions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", a.kind());
            String service = a.service();
            if (service != null) {
                m.put("service", service);
            }
            m.put("description", a.describe());
            m.put("disruptive", a.disruptive());
            actions.add(m);
        }
        doc.put("actions", actions);
        List<Map<String, Object>> images = new ArrayList<>();
        for (ServiceImage i : plan.images()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", i.service());
            m.put("image", i.image().toString());
            m.put("pinned", i.pinned());
            images.add(m);
        }
        doc.put("images", images);
        doc.put("waitingFor", plan.waitingFor());
        doc.put("notices", plan.notices());
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    private static List<String> restarted(Plan plan) {
        return plan.actions().stream().filter(Action::disruptive).map(Action::service)
                .filter(s -> s != null).distinct().toList();
    }
}
