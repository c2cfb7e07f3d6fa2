package dev.shipshape.controller.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How check results are shown: one line per check, a JSON document, and apply's refusal. */
public final class DoctorReport {
    private DoctorReport() {
    }

    /** {@code FAIL  ports           port 18301 (web) is held by another process (fix: stop it or change web.port in global.yaml)} */
    public static String line(CheckResult r) {
        StringBuilder sb = new StringBuilder(String.format("%-4s  %-15s %s", r.status(), r.name(), r.detail()));
        if (r.status() != Status.OK && r.fix() != null && !r.fix().isBlank()) {
            sb.append(" (fix: ").append(r.fix()).append(')');
        }
        return sb.toString().stripTrailing();
    }

    /** Every check on its line, then a summary line. */
    public static void text(List<CheckResult> results, PrintWriter out) {
        results.forEach(r -> out.println(line(r)));
        out.println(summary(results));
        out.flush();
    }

    /** {@code doctor: all 6 checks passed}, or how many failed and warned. */
    public static String summary(List<CheckResult> results) {
        long failed = results.stream().filter(r -> r.status() == Status.FAIL).count();
        long warned = results.stream().filter(r -> r.status() == Status.WARN).count();
        if (failed == 0 && warned == 0) {
            return "doctor: all " + results.size() + " checks passed";
        }
        List<String> parts = new ArrayList<>();
        if (failed > 0) {
            parts.add(failed + (failed == 1 ? " check failed" : " checks failed"));
        }
        if (warned > 0) {
            parts.add(warned + (warned == 1 ? " warning" : " warnings"));
        }
        return "doctor: " + String.join(", ", parts);
    }

    /** {@code {"project": ..., "ok": bool, "checks": [{"name", "status", "detail", "fix"}]}} */
    public static void json(String project, List<CheckResult> results, PrintWriter out) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("project", project);
        doc.put("ok", Doctor.firstFailure(results).isEmpty());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult r : results) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", r.name());
            c.put("status", r.status().name());
            c.put("detail", r.detail());
            c.put("fix", r.fix());
            checks.add(c);
        }
        doc.put("checks", checks);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    /** {@code preflight check 'ports' failed: port 18301 (web) is held by another process; stop it or change web.port in global.yaml} */
    public static String refusal(CheckResult failed) {
        return "preflight check '" + failed.name() + "' failed: " + failed.detail()
                + (failed.fix() == null || failed.fix().isBlank() ? "" : "; " + failed.fix());
    }
}
