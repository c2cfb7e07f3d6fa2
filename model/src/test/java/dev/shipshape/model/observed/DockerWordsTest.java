package dev.shipshape.model.observed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerWordsTest {
    @Test
    void readsDockersWordsInAnyCase() {
        assertThat(ContainerState.parse("running")).isEqualTo(ContainerState.RUNNING);
        assertThat(ContainerState.parse("Exited")).isEqualTo(ContainerState.EXITED);
        assertThat(Health.parse("healthy")).isEqualTo(Health.HEALTHY);
    }

    @Test
    void anUnknownOrMissingWordIsTheFallback() {
        assertThat(ContainerState.parse(null)).isEqualTo(ContainerState.UNKNOWN);
        assertThat(ContainerState.parse(" ")).isEqualTo(ContainerState.UNKNOWN);
        assertThat(ContainerState.parse("migrating")).isEqualTo(ContainerState.UNKNOWN);
        assertThat(Health.parse("")).isEqualTo(Health.NONE);
        assertThat(Health.parse("sickly")).isEqualTo(Health.NONE);
    }

    @Test
    void writesTheLowerCaseWord() {
        assertThat(ContainerState.RUNNING).hasToString("running");
        assertThat(Health.UNHEALTHY).hasToString("unhealthy");
    }
}
