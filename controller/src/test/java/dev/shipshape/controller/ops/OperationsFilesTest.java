package dev.shipshape.controller.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import dev.shipshape.controller.metrics.ControllerMetrics;
import dev.shipshape.controller.metrics.GitMetrics;
import dev.shipshape.controller.resilience.ResilienceModule;
import dev.shipshape.controller.status.AppliedCommit;
import dev.shipshape.controller.status.RunResult;
import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.Reconciler;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The operations files under examples/: the systemd unit passes {@code systemd-analyze verify}, the
 * alert rules pass {@code promtool check rules}, and every metric the rules and the Grafana dashboard
 * name is one the controller serves. The tools are installed by scripts/test-env.sh; a missing tool
 * fails the test (it is not skipped), naming the package.
 */
class OperationsFilesTest {
    private static final Path ROOT = repositoryRoot();
    private static final Path UNIT = ROOT.resolve("examples/systemd/shipshape.service");
    private static final Path RULES = ROOT.resolve("examples/prometheus/alerts.yaml");
    private static final Path RULES_TEST = ROOT.resolve("examples/prometheus/alerts_test.yaml");
    private static final Path DASHBOARD = ROOT.resolve("examples/grafana/shipshape.json");
    /** The launcher path the shipped unit documents; the test points it at this checkout's launcher. */
    private static final String SHIPPED_LAUNCHER = "/opt/shipshape/shipshape ";
    /** Names of metrics shipshape serves (and Prometheus's own up). */
    private static final Pattern METRIC = Pattern.compile("\\b((?:shipshape|resilience4j|jvm|process|system)_[a-zA-Z0-9_]+|up)\\b");

    @TempDir
    Path tmp;

    @Test
    void systemdUnitPassesSystemdAnalyzeVerify() throws Exception {
        Path unit = unitWithThisCheckoutsLauncher();
        Result r = run(tool("systemd-analyze", "systemd"), "verify", unit.toString());
        assertThat(r.exit).as("systemd-analyze verify %s:%n%s", UNIT, r.output).isZero();
        // unknown keys and bad values are only warnings (exit 0) but name the file: none may be there
        assertThat(r.output).as("systemd-analyze verify warnings about the unit").doesNotContain(unit.toString());
    }

    @Test
    void systemdAnalyzeVerifyCatchesAMistake() throws Exception {
        Path unit = unitWithThisCheckoutsLauncher();
        Files.writeString(unit, Files.readString(unit).replace("Restart=on-failure", "Restart=on-failur"));
        Result r = run(tool("systemd-analyze", "systemd"), "verify", unit.toString());
        assertThat(r.output).contains(unit.toString()).contains("on-failur");
    }

    @Test
    void shippedUnitRunsTheDocumentedPaths() throws IOException {
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("ExecStart=" + SHIPPED_LAUNCHER + "run -f /srv/shipshape/server.yaml",
                "Restart=on-failure", "After=docker.service", "Wants=docker.service", "StateDirectory=shipshape",
                "ProtectSystem=strict", "ReadWritePaths=/srv/shipshape", "NoNewPrivileges=yes", "PrivateTmp=yes",
                "ProtectHome=yes", "KillSignal=SIGTERM");
        assertThat(unit.lines().filter(l -> l.startsWith("ExecReload="))).as("no ExecReload: run has nothing to reload").isEmpty();
        assertThat(Files.isExecutable(ROOT.resolve("shipshape"))).isTrue();
    }

    @Test
    void alertRulesPassPromtool() throws Exception {
        Result r = run(tool("promtool", "prometheus"), "check", "rules", RULES.toString());
        assertThat(r.exit).as("promtool check rules %s:%n%s", RULES, r.output).isZero();
        assertThat(r.output).contains("SUCCESS");
    }

    /** alerts_test.yaml: each alert fires on the series a failing controller serves, and not before. */
    @Test
    void alertRulesPassTheirPromtoolUnitTests() throws Exception {
        Result r = run(tool("promtool", "prometheus"), "test", "rules", RULES_TEST.toString());
        assertThat(r.exit).as("promtool test rules %s:%n%s", RULES_TEST, r.output).isZero();
        assertThat(r.output).contains("SUCCESS");
    }

    @Test
    void promtoolRefusesABrokenRule() throws Exception {
        Path broken = tmp.resolve("alerts.yaml");
        Files.writeString(broken, Files.readString(RULES).replace("expr: shipshape_converged == 0", "expr: shipshape_converged == ("));
        Result r = run(tool("promtool", "prometheus"), "check", "rules", broken.toString());
        assertThat(r.exit).as("promtool on a rule with a bad expression:%n%s", r.output).isNotZero();
    }

    @Test
    void everyMetricOfTheRulesAndTheDashboardIsServed() throws IOException {
        Set<String> served = servedMetricNames();
        Set<String> rules = metricNames(exprs(new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile())));
        Set<String> dashboard = metricNames(exprs(new ObjectMapper().readTree(DASHBOARD.toFile())));
        assertThat(rules).as("metrics in %s", RULES).contains("shipshape_converged", "resilience4j_circuitbreaker_state");
        assertThat(dashboard).as("metrics in %s", DASHBOARD).contains("shipshape_reconciliations_total");
        assertThat(rules).as("metrics named in %s that the controller does not serve", RULES).isSubsetOf(served);
        assertThat(dashboard).as("metrics named in %s that the controller does not serve", DASHBOARD).isSubsetOf(served);
    }

    @Test
    void aMissingToolFailsTheTestNamingThePackage() {
        assertThatThrownBy(() -> tool("shipshape-no-such-linter", "some-package"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("shipshape-no-such-linter is not installed")
                .hasMessageContaining("scripts/test-env.sh installs Debian's some-package package");
    }

    @Test
    void dashboardPanelsAreWellFormed() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("shipshape");
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s used twice", panel.path("id")).isTrue();
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("targets")).as("targets of %s", panel.path("title")).isNotEmpty();
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(8);
    }

    /** The sample names of a scrape of a controller's registry with every meter the code registers. */
    private static Set<String> servedMetricNames() {
        try (ControllerMetrics metrics = new ControllerMetrics()) {
            for (RunResult result : RunResult.values()) {
                metrics.reconciliation(result, Duration.ofMillis(10));
            }
            metrics.driftDetected("start");
            metrics.action("pull", true);
            metrics.action("pull", false);
            metrics.converged(true);
            metrics.versions(Version.parse("1.0.0"), Version.parse("1.1.0"));
            GitMetrics git = new GitMetrics(metrics);
            git.fetch(true);
            git.appliedCommit(new AppliedCommit("0123456789abcdef0123456789abcdef01234567", Instant.EPOCH, "s", "main", "p.yaml"));
            // the resilience4j breakers and retries, bound as the controller binds them
            Guice.createInjector(new ResilienceModule(), new AbstractModule() {
                @Override
                protected void configure() {
                    bind(Clock.class).toInstance(Clock.systemUTC());
                    Multibinder.newSetBinder(binder(), new TypeLiteral<Reconciler<?>>() {
                    });
                    bind(MeterRegistry.class).toInstance(metrics.registry());
                }
            });
            Set<String> names = new TreeSet<>();
            names.add("up"); // Prometheus's own, for every target
            metrics.scrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
            assertThat(names).contains("shipshape_git_fetch_total", "resilience4j_retry_calls_total");
            return names;
        }
    }

    /** Every "expr" string of a rules file or a dashboard, wherever it is. */
    private static List<String> exprs(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("expr") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    out.addAll(exprs(e.getValue()));
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> out.addAll(exprs(n)));
        }
        return out;
    }

    private static Set<String> metricNames(List<String> exprs) {
        assertThat(exprs).isNotEmpty();
        Set<String> names = new TreeSet<>();
        for (String expr : exprs) {
            // label values and legend text are quoted: leave them out
            Matcher m = METRIC.matcher(expr.replaceAll("\"[^\"]*\"", "\"\""));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private Path unitWithThisCheckoutsLauncher() throws IOException {
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("ExecStart=" + SHIPPED_LAUNCHER);
        Path copy = tmp.resolve("shipshape.service");
        Files.writeString(copy, unit.replace("ExecStart=" + SHIPPED_LAUNCHER, "ExecStart=" + ROOT.resolve("shipshape") + " "));
        return copy;
    }

    private static String tool(String name, String debianPackage) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return fail(name + " is not installed: the test command needs it (scripts/test-env.sh installs Debian's "
                + debianPackage + " package; or apt-get install --no-install-recommends " + debianPackage + ")");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not end within 60 s");
        }
        return new Result(p.exitValue(), output);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("examples"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }
}
