package dev.shipshape.controller.cli;

import dev.shipshape.model.ShipshapeException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationOptionTest {
    @Test
    void readsADuration() {
        assertThat(DurationOption.parse("--resync", "90s")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aRefusalNamesTheOption() {
        assertThatThrownBy(() -> DurationOption.parse("--git-poll", "soon"))
                .isInstanceOf(ShipshapeException.class)
                .hasMessageStartingWith("--git-poll: ");
    }
}
