package dev.shipshape.controller.http;

import dev.shipshape.controller.status.AppliedCommit;
import dev.shipshape.controller.status.Condition;
import dev.shipshape.controller.status.RunRecord;
import dev.shipshape.controller.status.ServerStatus;
import dev.shipshape.controller.status.NodeStatus;
import dev.shipshape.controller.status.ServiceStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The status page {@code GET /} serves: the same {@link ServerStatus} snapshot as {@code /status},
 * rendered as one small HTML document (inline CSS, no script, no external asset) that reloads itself
 * every {@link #REFRESH_SECONDS} seconds.
 *
 * <p>Plain Java rather than a template: the page is fixed in shape, and every value from the status
 * passes through {@link #esc} on its way in, so no value can escape into markup whatever it holds
 * (a hostile service name, an error quoting {@code <script>}). It shows nothing {@code /status} does
 * not hold: pending approvals and available updates are not tracked yet, so they read "none".
 */
public final class StatusPage {
    static final int REFRESH_SECONDS = 10;
    static final String HTML = "text/html; charset=utf-8";
    /** Nothing but the inline style may load or run, even if a value slipped through unescaped. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2430;background:#f6f7f9}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
            .meta{color:#5b6472;margin:0 0 16px}
            table{border-collapse:collapse;background:#fff;width:100%;box-shadow:0 1px 2px #0002}
            th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e3e6ea;vertical-align:top}
            th{background:#eef0f3;font-weight:600}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
            dt{color:#5b6472}dd{margin:0;font-weight:600}
            .True{color:#146c2e;font-weight:600}.False{color:#a4262c;font-weight:600}
            .Degraded.False{color:#146c2e}.Degraded.True{color:#a4262c}.Progressing.False,.Progressing.True{color:#5b6472}
            .state-running,.health-healthy{color:#146c2e}.state-exited,.state-dead,.health-unhealthy{color:#a4262c}
            .error{color:#a4262c}.none{color:#5b6472;font-style:italic}
            code{font-family:ui-monospace,monospace;font-size:13px}
            """;

    private StatusPage() {
    }

    public static String render(ServerStatus s) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<title>shipshape: ").append(esc(s.project())).append("</title>")
                .append("<style>").append(STYLE).append("</style></head><body>\n");
        h.append("<h1 id=\"project\">").append(esc(s.project())).append("</h1>")
                .append("<p class=\"meta\">shipshape status, updated ").append(time(s.updatedAt()))
                .append("; this page reloads every ").append(REFRESH_SECONDS).append(" s</p>\n");
        summary(h, s);
        conditions(h, s);
        services(h, s);
        rollouts(h, s);
        list(h, "notices", "Notices", s.notices());
        list(h, "kept-volumes", "Volumes kept after their service went away", s.keptVolumes());
        list(h, "notifications", "Notifications that failed or are retried", s.notifications().stream().filter(n -> n.failed())
                .map(n -> n.target() + " at " + n.at() + ": " + n.error()).toList());
        // Not tracked by the controller yet (issue 18): shown as none rather than guessed.
        list(h, "approvals", "Pending approvals", List.of());
        list(h, "updates", "Available updates", List.of());
        h.append("<p class=\"meta\">The same data as JSON: <a href=\"/status\">/status</a>; metrics: ")
                .append("<a href=\"/metrics\">/metrics</a></p>\n</body></html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, ServerStatus s) {
        h.append("<h2>Versions</h2><dl id=\"summary\">");
        item(h, "Installed version", "installed-version", s.currentVersion() == null ? "none" : s.currentVersion().toString());
        item(h, "Target version", "target-version", s.targetVersion() == null ? "none" : s.targetVersion().toString());
        item(h, "Desired file", "observed-generation", s.observedGeneration() == null ? "not reconciled yet"
                : "sha256 " + shortHash(s.observedGeneration()));
        if (s.desiredGeneration() != null && !s.desiredGeneration().equals(s.observedGeneration())) {
            item(h, "Newest desired file, not acted on yet", "desired-generation", "sha256 " + shortHash(s.desiredGeneration()));
        }
        AppliedCommit c = s.appliedCommit();
        if (c != null) {
            item(h, "Applied commit", "applied-commit", c.shortId() + " on " + c.branch() + " (" + c.path() + "): "
                    + c.subject() + ", " + time(c.time()));
        }
        if (s.lastError() != null) {
            h.append("<dt>Last error</dt><dd id=\"last-error\" class=\"error\">").append(esc(s.lastError())).append("</dd>");
        }
        h.append("</dl>\n");
    }

    private static void conditions(StringBuilder h, ServerStatus s) {
        h.append("<h2>Conditions</h2><table id=\"conditions\"><tr><th>Condition</th><th>Status</th><th>Reason</th>")
                .append("<th>Message</th><th>Since</th></tr>");
        for (Condition c : s.conditions()) {
            String type = c.type().label();
            h.append("<tr id=\"condition-").append(esc(type)).append("\"><td>").append(esc(type))
                    .append("</td><td class=\"").append(esc(type)).append(' ').append(esc(c.status().label())).append("\">")
                    .append(esc(c.status().label())).append("</td><td>").append(esc(c.reason()))
                    .append("</td><td>").append(esc(c.message())).append("</td><td>")
                    .append(time(c.lastTransitionTime())).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void services(StringBuilder h, ServerStatus s) {
        h.append("<h2>Services</h2>");
        if (s.services().isEmpty()) {
            h.append("<p id=\"services\" class=\"none\">none found</p>\n");
            return;
        }
        h.append("<table id=\"services\"><tr><th>Service</th><th>Container</th><th>State</th><th>Health</th>")
                .append("<th>Version</th><th>Up for</th></tr>");
        for (ServiceStatus c : s.services()) {
            h.append("<tr class=\"service\"><td>").append(esc(c.service() == null ? "(no service label)" : c.service()))
                    .append("</td><td>").append(esc(c.container()))
                    .append(esc(c.node() == null ? "" : " on " + (c.node().isEmpty() ? "no node" : c.node())))
                    .append(esc(c.error() == null ? "" : " (" + c.error() + ")")).append("</td><td class=\"state-")
                    .append(esc(c.state())).append("\">").append(esc(c.state())).append("</td><td class=\"health-")
                    .append(esc(c.health())).append("\">").append(esc(c.health())).append("</td><td>")
                    .append(esc(c.version() == null ? "" : c.version())).append("</td><td class=\"uptime\">")
                    .append(esc(c.uptime() == null ? "" : c.uptime())).append("</td></tr>");
        }
        h.append("</table>\n");
        if (!s.nodes().isEmpty()) {
            h.append("<h2>Swarm nodes</h2><table id=\"nodes\"><tr><th>Node</th><th>Availability</th><th>State</th><th>Role</th></tr>");
            for (NodeStatus n : s.nodes()) {
                h.append("<tr class=\"node\"><td>").append(esc(n.node())).append("</td><td class=\"availability-")
                        .append(esc(n.availability())).append("\">").append(esc(n.availability())).append("</td><td>")
                        .append(esc(n.state())).append("</td><td>").append(esc(n.role())).append("</td></tr>");
            }
            h.append("</table>\n");
        }
    }

    /** The history, newest first: each reconciliation with what it did, or why it failed. */
    private static void rollouts(StringBuilder h, ServerStatus s) {
        h.append("<h2>Last runs</h2>");
        if (s.history().isEmpty()) {
            h.append("<p id=\"history\" class=\"none\">none yet</p>\n");
            return;
        }
        h.append("<table id=\"history\"><tr><th>Started</th><th>Took</th><th>Result</th><th>Actions</th><th>Error</th></tr>");
        List<RunRecord> newestFirst = new ArrayList<>(s.history());
        Collections.reverse(newestFirst);
        for (RunRecord r : newestFirst) {
            h.append("<tr><td>").append(time(r.startedAt())).append("</td><td>").append(esc(millis(r.durationMillis())))
                    .append("</td><td>").append(esc(r.result().label())).append("</td><td>")
                    .append(r.actions().isEmpty() ? "<span class=\"none\">none</span>" : esc(String.join(", ", r.actions())))
                    .append("</td><td class=\"error\">").append(r.error() == null ? "" : esc(r.error())).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void list(StringBuilder h, String id, String title, List<String> items) {
        h.append("<h2>").append(esc(title)).append("</h2>");
        if (items.isEmpty()) {
            h.append("<p id=\"").append(id).append("\" class=\"none\">none</p>\n");
            return;
        }
        h.append("<ul id=\"").append(id).append("\">");
        items.forEach(i -> h.append("<li>").append(esc(i)).append("</li>"));
        h.append("</ul>\n");
    }

    private static void item(StringBuilder h, String label, String id, String value) {
        h.append("<dt>").append(esc(label)).append("</dt><dd id=\"").append(id).append("\">")
                .append(esc(value)).append("</dd>");
    }

    private static String time(Instant t) {
        return t == null ? "" : "<time>" + esc(t.toString()) + "</time>";
    }

    private static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    private static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Text for HTML element content and double- or single-quoted attributes; null is empty. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(Character.isISOControl(ch) && ch != '\n' && ch != '\t' ? '\uFFFD' : ch);
            }
        }
        return b.toString();
    }
}
