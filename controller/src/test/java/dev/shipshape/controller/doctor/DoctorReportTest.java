package dev.shipshape.controller.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorReportTest {
    private static final CheckResult ENGINE = CheckResult.ok("docker-engine", "Docker 26.1.5 at unix:///run/docker.sock answers, API 1.45 (>= 1.41)");
    private static final CheckResult PORTS = CheckResult.fail("ports", "port 18301 (web) is held by another process",
            "stop it or change web.port in global.yaml");
    private static final CheckResult REGISTRY = CheckResult.warn("registry", "registries are checked once release 1.1.0 is downloaded", null);

    @Test
    void aLinePerCheckWithTheFixOnlyWhenNotOk() {
        assertThat(DoctorReport.line(ENGINE)).isEqualTo(
                "OK    docker-engine   Docker 26.1.5 at unix:///run/docker.sock answers, API 1.45 (>= 1.41)");
        assertThat(DoctorReport.line(PORTS)).isEqualTo(
                "FAIL  ports           port 18301 (web) is held by another process (fix: stop it or change web.port in global.yaml)");
        assertThat(DoctorReport.line(REGISTRY)).isEqualTo(
                "WARN  registry        registries are checked once release 1.1.0 is downloaded");
        assertThat(DoctorReport.line(new CheckResult("disk-space", Status.OK, "plenty", "ignored when OK")))
                .doesNotContain("ignored");
    }

    @Test
    void textEndsWithASummary() {
        StringWriter out = new StringWriter();
        DoctorReport.text(List.of(ENGINE, PORTS, REGISTRY), new PrintWriter(out));

        assertThat(out.toString().lines().toList()).hasSize(4).last().isEqualTo("doctor: 1 check failed, 1 warning");
        assertThat(DoctorReport.summary(List.of(ENGINE, ENGINE))).isEqualTo("doctor: all 2 checks passed");
        assertThat(DoctorReport.summary(List.of(PORTS, PORTS, ENGINE))).isEqualTo("doctor: 2 checks failed");
    }

    @Test
    void theRefusalNamesTheFailedCheckAndWhatToDo() {
        assertThat(Doctor.firstFailure(List.of(ENGINE, REGISTRY, PORTS))).contains(PORTS);
        assertThat(Doctor.firstFailure(List.of(ENGINE, REGISTRY))).isEmpty();
        assertThat(DoctorReport.refusal(PORTS)).isEqualTo("preflight check 'ports' failed: port 18301 (web) is held by"
                + " another process; stop it or change web.port in global.yaml");
        assertThat(new PreflightFailedException(PORTS).getMessage()).startsWith(DoctorReport.refusal(PORTS))
                .contains("--skip-preflight");
    }

    @Test
    void jsonListsEveryCheck() throws Exception {
        StringWriter out = new StringWriter();
        DoctorReport.json("spacetech", List.of(ENGINE, PORTS), new PrintWriter(out));

        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.get("project").asText()).isEqualTo("spacetech");
        assertThat(doc.get("ok").asBoolean()).isFalse();
        assertThat(doc.get("checks")).hasSize(2);
        assertThat(doc.get("checks").get(1).get("name").asText()).isEqualTo("ports");
        assertThat(doc.get("checks").get(1).get("status").asText()).isEqualTo("FAIL");
        assertThat(doc.get("checks").get(1).get("fix").asText()).isEqualTo("stop it or change web.port in global.yaml");
        assertThat(doc.get("checks").get(0).get("fix").isNull()).isTrue();
    }

    @Test
    void apiVersionsCompareNumerically() {
        assertThat(DockerEngineCheck.compareApi("1.41", "1.41")).isZero();
        assertThat(DockerEngineCheck.compareApi("1.45", "1.41")).isPositive();
        assertThat(DockerEngineCheck.compareApi("1.9", "1.41")).isNegative();
        assertThat(DockerEngineCheck.compareApi("2.0", "1.41")).isPositive();
    }

    @Test
    void registryHostsAndSchemes() {
        assertThat(RegistryCheck.registryHost(dev.shipshape.model.release.ImageRef.parse("127.0.0.1:5000/spacetech/web:1.0.0")))
                .isEqualTo("127.0.0.1:5000");
        assertThat(RegistryCheck.registryHost(dev.shipshape.model.release.ImageRef.parse("registry.example.com/a/b:1")))
                .isEqualTo("registry.example.com");
        assertThat(RegistryCheck.registryHost(dev.shipshape.model.release.ImageRef.parse("library/busybox:1")))
                .isEqualTo(RegistryCheck.DOCKER_HUB);
        assertThat(RegistryCheck.registryHost(dev.shipshape.model.release.ImageRef.parse("busybox")))
                .isEqualTo(RegistryCheck.DOCKER_HUB);
        assertThat(RegistryCheck.scheme("127.0.0.1:5000")).isEqualTo("http");
        assertThat(RegistryCheck.scheme("localhost")).isEqualTo("http");
        assertThat(RegistryCheck.scheme("registry.example.com:443")).isEqualTo("https");
    }
}
