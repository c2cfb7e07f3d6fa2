package dev.shipshape.reconcilers.records;

import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.files.ProjectPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A notice is new until apply has printed it for that version; a new notice of the same version is new again. */
class ShownNoticesStoreTest {
    private static final Version V1 = Version.parse("1.0.0");
    private static final Version V2 = Version.parse("1.1.0");

    @TempDir
    Path tmp;

    @Test
    void aNoticeIsNewUntilShownForItsVersion() {
        ShownNoticesStore store = new ProjectRecords(new ProjectPaths(tmp)).shownNotices();
        assertThat(store.unseen(V1, List.of("welcome", "ports"))).containsExactly("welcome", "ports");

        store.shown(V1, List.of("welcome", "ports"));
        assertThat(store.unseen(V1, List.of("welcome", "ports"))).isEmpty();
        assertThat(store.unseen(V1, List.of("welcome", "ports", "a third one"))).containsExactly("a third one");
        assertThat(store.unseen(V2, List.of("welcome"))).as("another version's notices are its own").containsExactly("welcome");

        // a second instance reads the same file: apply and a later apply agree
        assertThat(new ProjectRecords(new ProjectPaths(tmp)).shownNotices().unseen(V1, List.of("welcome"))).isEmpty();
        assertThat(tmp.resolve(".shipshape/notices-shown.yaml")).content().contains("1.0.0", "welcome");
    }
}
