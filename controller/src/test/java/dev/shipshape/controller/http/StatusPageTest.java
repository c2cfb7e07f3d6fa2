package dev.shipshape.controller.http;

import dev.shipshape.controller.status.AppliedCommit;
import dev.shipshape.controller.status.Condition;
import dev.shipshape.controller.status.ConditionStatus;
import dev.shipshape.controller.status.ConditionType;
import dev.shipshape.controller.status.RunRecord;
import dev.shipshape.controller.status.RunResult;
import dev.shipshape.controller.status.ServerStatus;
import dev.shipshape.controller.status.ServiceStatus;
import dev.shipshape.controller.status.StatusJson;
import dev.shipshape.model.Version;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class StatusPageTest {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    static ServerStatus status(String hostile) {
        List<Condition> conditions = List.of(
                new Condition(ConditionType.READY, ConditionStatus.FALSE, "ReconcileFailed", "ready " + hostile, T0),
                new Condition(ConditionType.PROGRESSING, ConditionStatus.TRUE, "RetryScheduled", "retrying with backoff", T0),
                new Condition(ConditionType.DEGRADED, ConditionStatus.TRUE, "ReconcileFailed", "degraded " + hostile, T0));
        List<RunRecord> history = List.of(
                new RunRecord(T0, 1500, RunResult.CHANGED, List.of("recreate web" + hostile, "record 1.1.0"), null),
                new RunRecord(T0.plusSeconds(60), 20, RunResult.FAILED, List.of(), "pull failed " + hostile));
        AppliedCommit commit = new AppliedCommit("0123456789abcdef0123456789abcdef01234567", T0,
                "subject " + hostile, "main", "servers/server.yaml");
        return new ServerStatus("spacetech" + hostile, "a".repeat(64), "b".repeat(64), Version.parse("1.0.0"),
                Version.parse("1.1.0"), conditions, "last " + hostile, history, commit, T0.plusSeconds(61),
                List.of("notice " + hostile), List.of("shop_data" + hostile),
                List.of(new ServiceStatus("web" + hostile, "spacetech_web_1" + hostile, "running", "healthy", "1.0.0",
                                "about an hour" + hostile),
                        new ServiceStatus(null, "stray", "exited", "none", null, null)),
                List.of(new dev.shipshape.controller.status.NotificationStatus("webhook:hooks" + hostile, "failed", T0,
                        "answered HTTP 500" + hostile)), null, null);
    }

    @Test
    void everyTextIsEscapedSoNoValueBecomesMarkup() {
        String page = StatusPage.render(status(SCRIPT + "\"'&<img src=x onerror=alert(2)>"));

        assertThat(page).doesNotContain("<script").doesNotContain("<img").doesNotContain("onerror=alert(2)>");
        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;img src=x onerror=alert(2)&gt;");
        // The only tags are the page's own: no script element and no element that loads anything.
        Matcher tags = Pattern.compile("<([a-zA-Z0-9]+)").matcher(page);
        while (tags.find()) {
            assertThat(tags.group(1)).isIn("html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "dl",
                    "dt", "dd", "table", "tr", "th", "td", "span", "ul", "li", "time", "a");
        }
        assertThat(page).doesNotContain("src=\"").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void showsEveryFieldOfTheStatusAndRefreshesItself() {
        String page = StatusPage.render(status(""));

        assertThat(page).contains("<meta http-equiv=\"refresh\" content=\"10\">")
                .contains("<h1 id=\"project\">spacetech</h1>")
                .contains("<dd id=\"installed-version\">1.0.0</dd>")
                .contains("<dd id=\"target-version\">1.1.0</dd>")
                .contains("sha256 aaaaaaaaaaaa").contains("sha256 bbbbbbbbbbbb")
                .contains("0123456789ab on main (servers/server.yaml): subject")
                .contains("<dd id=\"last-error\" class=\"error\">last </dd>")
                .contains("<tr id=\"condition-Ready\"><td>Ready</td><td class=\"Ready False\">False</td><td>ReconcileFailed</td>")
                .contains("<td>Progressing</td>").contains("RetryScheduled").contains("retrying with backoff")
                .contains("<td>Degraded</td>")
                .contains("<time>2026-12-04T10:00:00Z</time>")
                .contains("recreate web, record 1.1.0").contains("1.5 s").contains("Changed")
                .contains("20 ms").contains("Failed").contains("pull failed ")
                .contains("<tr class=\"service\"><td>web</td><td>spacetech_web_1</td><td class=\"state-running\">running</td>"
                        + "<td class=\"health-healthy\">healthy</td><td>1.0.0</td><td class=\"uptime\">about an hour</td></tr>")
                .contains("<td>(no service label)</td><td>stray</td><td class=\"state-exited\">exited</td>")
                .contains("<li>notice </li>").contains("<li>shop_data</li>")
                .contains("<p id=\"approvals\" class=\"none\">none</p>")
                .contains("<p id=\"updates\" class=\"none\">none</p>");
        // Newest run first.
        assertThat(page.indexOf("pull failed")).isLessThan(page.indexOf("recreate web"));
    }

    @Test
    void showsNoValueTheStatusJsonDoesNotHold() {
        ServerStatus s = status("");
        String json = StatusJson.write(s);
        String page = StatusPage.render(s);
        // Every text inside an element that is not the page's own wording comes from the status (its JSON).
        for (String value : List.of("spacetech", "1.0.0", "1.1.0", "ReconcileFailed", "RetryScheduled",
                "servers/server.yaml", "recreate web", "notice ", "shop_data", "spacetech_web_1", "running", "healthy")) {
            assertThat(json).contains(value);
            assertThat(page).contains(value);
        }
    }

    @Test
    void aFreshStatusSaysWhatIsNotKnownYet() {
        ServerStatus fresh = new ServerStatus("shop", null, null, null, null, List.of(), null, List.of(), null, T0,
                List.of(), List.of(), List.of(), List.of(), null, null);
        String page = StatusPage.render(fresh);
        assertThat(page).contains("<dd id=\"installed-version\">none</dd>")
                .contains("<dd id=\"target-version\">none</dd>")
                .contains("not reconciled yet").contains("<p id=\"services\" class=\"none\">none found</p>").contains("<p id=\"history\" class=\"none\">none yet</p>")
                .doesNotContain("last-error").doesNotContain("applied-commit");
    }

    @Test
    void controlCharactersAreReplaced() {
        assertThat(StatusPage.esc("a\u001b[31mb\u0000")).isEqualTo("a\uFFFD[31mb\uFFFD");
        assertThat(StatusPage.esc(null)).isEmpty();
    }
}
