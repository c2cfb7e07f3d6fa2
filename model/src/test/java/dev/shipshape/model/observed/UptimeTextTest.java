package dev.shipshape.model.observed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How long a container has been up, read from the status text of a container listing. */
class UptimeTextTest {
    @Test
    void theUpPartOfDockersStatusTextWithoutItsHealth() {
        assertThat(ObservedContainer.uptimeFromStatusText("Up 3 minutes (healthy)")).isEqualTo("3 minutes");
        assertThat(ObservedContainer.uptimeFromStatusText("Up About an hour")).isEqualTo("about an hour");
        assertThat(ObservedContainer.uptimeFromStatusText("Up Less than a second (health: starting)"))
                .isEqualTo("less than a second");
        assertThat(ObservedContainer.uptimeFromStatusText("Up 2 days (Paused)")).isEqualTo("2 days");
    }

    @Test
    void nothingWhenItIsNotUp() {
        assertThat(ObservedContainer.uptimeFromStatusText("Exited (0) 2 hours ago")).isNull();
        assertThat(ObservedContainer.uptimeFromStatusText("Restarting (1) 5 seconds ago")).isNull();
        assertThat(ObservedContainer.uptimeFromStatusText("Created")).isNull();
        assertThat(ObservedContainer.uptimeFromStatusText(null)).isNull();
    }
}
