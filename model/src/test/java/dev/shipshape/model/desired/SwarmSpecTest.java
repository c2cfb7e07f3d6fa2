package dev.shipshape.model.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.model.Problem;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SwarmSpecTest {
    @Test
    void runtimeDefaultsToHostAndSwarmToNothing() {
        ServerSpec spec = DesiredFile.parse(Path.of("server.yaml"), DesiredFileTest.VALID).server().spec();
        assertThat(spec.runtime()).isEqualTo(RuntimeKind.HOST);
        assertThat(spec.swarm()).isEqualTo(SwarmSpec.NONE);
        assertThat(spec.swarm().replicasOf("web")).isEqualTo(1);
    }

    @Test
    void aSwarmSpecIsRead() {
        String text = DesiredFileTest.VALID + "  runtime: swarm\n  swarm:\n    replicas: {web: 3}\n    placement: {db: node-1, cache: \"node.labels.disk==ssd\"}\n";
        ServerSpec spec = DesiredFile.parse(Path.of("server.yaml"), text).server().spec();
        assertThat(spec.runtime()).isEqualTo(RuntimeKind.SWARM);
        assertThat(spec.swarm().replicas()).isEqualTo(Map.of("web", 3));
        assertThat(SwarmSpec.constraint(spec.swarm().placement().get("db"))).isEqualTo("node.hostname==node-1");
        assertThat(SwarmSpec.constraint(spec.swarm().placement().get("cache"))).isEqualTo("node.labels.disk==ssd");
    }

    @Test
    void wrongValuesAreReportedWithWhatToWrite() {
        String text = DesiredFileTest.VALID + "  runtime: kubernetes\n  swarm:\n    replicas: {web: 300, api: many}\n    placment: {}\n";
        List<String> problems = DesiredFileValidator.problems(text).stream().map(Problem::toString).toList();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("spec.runtime").contains("use host").contains("or swarm"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("spec.swarm.replicas.web").contains("from 0 to 100"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("spec.swarm.replicas.api").contains("whole number"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("spec.swarm.placment").contains("did you mean 'placement'"));
    }
}
