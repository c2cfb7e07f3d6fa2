package dev.shipshape.controller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shipshape.model.rollout.HistoryEntry;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "history", description = "List the project's rollouts, oldest first (the last 200, kept in .shipshape/"
        + "history.yaml): from and to which version, when, what started it (the desired file, the update policy, an"
        + " approval), the result (succeeded, rolled-back, failed), how long it took, the services it restarted and why"
        + " it failed.")
final class HistoryCommand extends ProjectCommand {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        file.allowPathsOutside = true; // history only reads the project folder, never the files the desired file names
        ProjectContext project = file.load();
        List<HistoryEntry> entries = project.records().history().read();
        PrintWriter out = out();
        if (output.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("project", project.project());
            doc.put("rollouts", entries.stream().map(HistoryCommand::json).toList());
            try {
                out.println(JSON.writeValueAsString(doc));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else if (entries.isEmpty()) {
            out.println("no rollout recorded yet for project " + project.project());
        } else {
            out.println("rollouts of project " + project.project() + " (oldest first):");
            for (HistoryEntry e : entries) {
                out.printf("  %s  %s -> %s  %-11s %8s  %s%s%n", e.finished(), e.from() == null ? "(none)" : e.from(), e.to(),
                        e.result().words(), duration(e.duration()), e.trigger(),
                        e.services().isEmpty() ? "" : "  restarted: " + String.join(", ", e.services()));
                if (e.reason() != null) {
                    out.println("      " + (e.service() == null ? "" : e.service() + ": ") + e.reason());
                }
            }
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> json(HistoryEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", e.from());
        m.put("to", e.to());
        m.put("started", e.started() == null ? null : e.started().toString());
        m.put("finished", e.finished().toString());
        m.put("durationMillis", e.duration() == null ? null : e.duration().toMillis());
        m.put("trigger", e.trigger());
        m.put("result", e.result().words());
        m.put("services", e.services());
        m.put("reason", e.reason());
        m.put("service", e.service());
        return m;
    }

    private static String duration(Duration d) {
        return d == null ? "?" : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
