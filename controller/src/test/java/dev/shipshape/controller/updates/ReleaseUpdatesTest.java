package dev.shipshape.controller.updates;

import dev.shipshape.controller.ManualClock;
import dev.shipshape.controller.events.OnceEvents;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.reconcilers.download.ReleaseIndexReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ReleaseUpdates against an index file: the check interval, an index that goes bad, events once, --git. */
class ReleaseUpdatesTest {
    @TempDir
    Path tmp;
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T01:00:00Z"));
    final List<ServerEvent> events = new ArrayList<>();

    private DesiredFile desired(String mode) throws Exception {
        Path file = tmp.resolve("server.yaml");
        String text = """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: shop
                spec:
                  version: 1.1.0
                  source:
                    url: https://releases.example.com/s-{version}.zip
                    index: index.yaml
                  projectDir: projects/shop
                  updates: {policy: patch, mode: %s, check: 1h}
                """.formatted(mode);
        Files.writeString(file, text);
        Files.createDirectories(tmp.resolve("projects/shop"));
        return DesiredFile.parse(file, text);
    }

    private void index(String... versions) throws Exception {
        StringBuilder s = new StringBuilder("releases:\n");
        for (String v : versions) {
            s.append("  - {version: ").append(v).append("}\n");
        }
        Files.writeString(tmp.resolve("index.yaml"), s.toString());
    }

    private ReleaseUpdates updates() {
        return new ReleaseUpdates(clock, new OnceEvents(events::add), new ReleaseIndexReader(Duration.ofSeconds(5)));
    }

    @Test
    void autoAimsTheDesiredFileAtTheNewestAllowedReleaseAndReadsTheIndexOnlyWhenItsCheckIsDue() throws Exception {
        index("1.1.0", "1.1.1", "1.2.0");
        ReleaseUpdates updates = updates();
        ReleaseUpdates.Effective e = updates.effective(desired("auto"), false);
        assertThat(e.file().spec().version()).isEqualTo(Version.parse("1.1.1"));
        assertThat(e.status().why()).isEqualTo("update policy");
        assertThat(e.trigger()).isEqualTo("update policy (mode auto)");

        index("1.1.0", "1.1.1", "1.1.2");
        assertThat(updates.effective(desired("auto"), false).file().spec().version())
                .as("cached until the check is due").isEqualTo(Version.parse("1.1.1"));
        clock.advance(Duration.ofHours(1));
        assertThat(updates.effective(desired("auto"), false).file().spec().version()).isEqualTo(Version.parse("1.1.2"));
        assertThat(events).isEmpty();
    }

    @Test
    void anIndexThatGoesBadIsReportedAndTheLastGoodOneIsUsed() throws Exception {
        index("1.1.0", "1.1.1");
        ReleaseUpdates updates = updates();
        updates.effective(desired("auto"), false);
        Files.writeString(tmp.resolve("index.yaml"), "releases:\n  - {version: latest}\n");
        clock.advance(Duration.ofHours(2));
        ReleaseUpdates.Effective e = updates.effective(desired("auto"), false);
        assertThat(e.file().spec().version()).isEqualTo(Version.parse("1.1.1"));
        assertThat(e.status().indexError()).contains("releases[0].version", "the index read at an earlier check is used");
        Files.delete(tmp.resolve("index.yaml"));
        clock.advance(Duration.ofHours(2));
        assertThat(updates.effective(desired("auto"), false).status().indexError())
                .contains("was not found; check spec.source.index");
    }

    @Test
    void notifyPublishesUpdateAvailableOnceAndKeepsSpecVersion() throws Exception {
        index("1.1.0", "1.1.1");
        ReleaseUpdates updates = updates();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofHours(2));
            assertThat(updates.effective(desired("notify"), false).file().spec().version()).isEqualTo(Version.parse("1.1.0"));
        }
        assertThat(events).singleElement().satisfies(ev -> {
            assertThat(ev.kind()).isEqualTo(EventKind.UPDATE_AVAILABLE);
            assertThat(ev.key()).isEqualTo("update-available:1.1.1");
        });
    }

    @Test
    void approvePublishesApprovalNeededForThisDesiredFile() throws Exception {
        index("1.1.0", "1.1.1");
        DesiredFile file = desired("approve");
        updates().effective(file, false);
        assertThat(events).extracting(ServerEvent::kind).containsExactly(EventKind.UPDATE_AVAILABLE, EventKind.APPROVAL_NEEDED);
        assertThat(events.get(1).key()).isEqualTo("approval-needed:1.1.1:" + file.generation());
    }

    @Test
    void autoIsRefusedUnderGitAndNotifyIsNot() throws Exception {
        index("1.1.0", "1.1.1");
        assertThatThrownBy(() -> updates().effective(desired("auto"), true)).isInstanceOf(ShipshapeException.class)
                .hasMessageContaining("spec.updates.mode: auto is refused under run --git: the commit is the pin");
        assertThat(updates().effective(desired("notify"), true).file().spec().version()).isEqualTo(Version.parse("1.1.0"));
    }
}
