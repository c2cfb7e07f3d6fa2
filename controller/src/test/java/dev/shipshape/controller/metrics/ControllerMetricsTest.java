package dev.shipshape.controller.metrics;

import dev.shipshape.controller.status.RunResult;
import dev.shipshape.model.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerMetricsTest {
    /** A sample line of the Prometheus text format: name, optional labels, value. */
    static final Pattern SAMPLE = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? ([0-9eE+.-]+|NaN|[+-]Inf)$");

    private final ControllerMetrics metrics = new ControllerMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void countersMoveAsTheLoopReports() {
        metrics.reconciliation(RunResult.CHANGED, Duration.ofMillis(1500));
        metrics.reconciliation(RunResult.FAILED, Duration.ofMillis(20));
        metrics.reconciliation(RunResult.FAILED, Duration.ofMillis(30));
        metrics.driftDetected("recreate");
        metrics.driftDetected("start");
        metrics.driftDetected("start");
        metrics.action("recreate", true);
        metrics.action("pull", false);
        metrics.converged(true);

        String text = metrics.scrape();
        assertThat(value(text, "shipshape_reconciliations_total", "result=\"changed\"")).isEqualTo(1.0);
        assertThat(value(text, "shipshape_reconciliations_total", "result=\"failed\"")).isEqualTo(2.0);
        assertThat(value(text, "shipshape_reconciliation_duration_seconds_count", "")).isEqualTo(3.0);
        assertThat(value(text, "shipshape_reconciliation_duration_seconds_bucket", "le=\"1.0\"")).isEqualTo(2.0);
        assertThat(value(text, "shipshape_drift_detected_total", "kind=\"start\"")).isEqualTo(2.0);
        assertThat(value(text, "shipshape_actions_total", "result=\"failure\"")).isEqualTo(1.0);
        assertThat(value(text, "shipshape_actions_total", "kind=\"recreate\"")).isEqualTo(1.0);
        assertThat(value(text, "shipshape_converged", "")).isEqualTo(1.0);

        metrics.converged(false);
        metrics.reconciliation(RunResult.FAILED, Duration.ofMillis(30));
        text = metrics.scrape();
        assertThat(value(text, "shipshape_converged", "")).isEqualTo(0.0);
        assertThat(value(text, "shipshape_reconciliations_total", "result=\"failed\"")).isEqualTo(3.0);
    }

    @Test
    void versionInfoIsReplacedWhenVersionsChange() {
        metrics.versions(Version.parse("1.0.0"), Version.parse("1.1.0"));
        assertThat(value(metrics.scrape(), "shipshape_version_info", "current=\"1.0.0\",target=\"1.1.0\"")).isEqualTo(1.0);

        metrics.versions(Version.parse("1.1.0"), Version.parse("1.1.0"));
        String text = metrics.scrape();
        assertThat(value(text, "shipshape_version_info", "current=\"1.1.0\",target=\"1.1.0\"")).isEqualTo(1.0);
        assertThat(text).doesNotContain("current=\"1.0.0\"");

        metrics.versions(null, Version.parse("2.0.0"));
        assertThat(metrics.scrape()).contains("current=\"none\"").doesNotContain("current=\"1.1.0\"");
    }

    @Test
    void scrapeIsPrometheusTextWithJvmMetrics() {
        metrics.reconciliation(RunResult.CONVERGED, Duration.ofMillis(5));
        metrics.versions(Version.parse("1.0.0"), Version.parse("1.0.0"));
        String text = metrics.scrape();
        assertPrometheusText(text);
        assertThat(text).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
                "system_cpu_count", "# TYPE shipshape_reconciliations_total counter",
                "# TYPE shipshape_reconciliation_duration_seconds histogram");
    }

    @Test
    void othersCanBindToTheRegistry() {
        metrics.registry().counter("resilience4j.test").increment();
        assertThat(metrics.scrape()).contains("resilience4j_test_total 1.0");
    }

    /** Every line is a comment, blank, or a sample; shared with the HTTP test. */
    static void assertPrometheusText(String text) {
        List<String> lines = Arrays.asList(text.split("\n"));
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            assertThat(SAMPLE.matcher(line).matches()).as("a Prometheus sample line: %s", line).isTrue();
        }
    }

    /** The value of the one sample named {@code name} whose labels contain {@code labelPart}. */
    static double value(String text, String name, String labelPart) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(text);
        Double found = null;
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (labels.contains(labelPart)) {
                assertThat(found).as("one sample of %s with %s in\n%s", name, labelPart, text).isNull();
                found = Double.parseDouble(m.group(2));
            }
        }
        assertThat(found).as("a sample of %s with %s in\n%s", name, labelPart, text).isNotNull();
        return found;
    }
}
