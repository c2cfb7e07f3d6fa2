package dev.shipshape.model.release;

import dev.shipshape.model.InvalidFileException;
import dev.shipshape.model.Version;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vendor's release index, read strictly (issue 18, part 2). */
class ReleaseIndexTest {
    @Test
    void readsYamlAndJson() {
        ReleaseIndex yaml = ReleaseIndex.parse("index.yaml", """
                releases:
                  - {version: 1.1.1, publishedAt: 2026-12-01T10:00:00Z}
                  - {version: 1.1.0, publishedAt: 2026-11-20T10:00:00Z, upgradeFrom: 1.0.0, notes: "reports",
                     sha256: "sha256:%s"}
                """.formatted("AB".repeat(32)));
        assertThat(yaml.releases()).extracting(r -> r.version().toString()).containsExactly("1.1.0", "1.1.1");
        ReleaseIndex.Release r = yaml.release(Version.parse("1.1.0")).orElseThrow();
        assertThat(r.upgradeFrom()).isEqualTo(Version.parse("1.0.0"));
        assertThat(r.publishedAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(r.sha256()).isEqualTo("ab".repeat(32));
        assertThat(r.notes()).isEqualTo("reports");

        ReleaseIndex json = ReleaseIndex.parse("index.json", """
                {"releases": [{"version": "2.0.0", "publishedAt": "2026-12-02T10:00:00Z"}]}
                """);
        assertThat(json.releases()).hasSize(1);
    }

    @Test
    void everyProblemNamesTheEntryAndTheField() {
        assertThatThrownBy(() -> ReleaseIndex.parse("index.yaml", """
                releases:
                  - {version: 1.1.0, publishedAt: yesterday}
                  - {version: latest}
                  - {publishedAt: 2026-12-01T10:00:00Z}
                  - {version: 1.2.0, upgradeFrom: 1.3.0, sha256: abc, note: typo}
                """))
                .isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("index.yaml:2:")
                .hasMessageContaining("releases[0].publishedAt: 'yesterday' is not a UTC time; write it like 2026-12-01T10:00:00Z")
                .hasMessageContaining("releases[1].version: ")
                .hasMessageContaining("releases[2].version: required field 'version' is missing")
                .hasMessageContaining("releases[3].upgradeFrom: upgradeFrom 1.3.0 is not older than the release 1.2.0")
                .hasMessageContaining("releases[3].sha256: expected 64 hex digits")
                .hasMessageContaining("releases[3].note: unknown field 'note'");
    }

    @Test
    void refusesWhatIsNoIndex() {
        assertThatThrownBy(() -> ReleaseIndex.parse("index.yaml", "- 1.0.0\n"))
                .hasMessageContaining("not a mapping");
        assertThatThrownBy(() -> ReleaseIndex.parse("index.yaml", "versions: []\n"))
                .hasMessageContaining("unknown field 'versions'")
                .hasMessageContaining("required field 'releases' is missing");
        assertThatThrownBy(() -> ReleaseIndex.parse("index.yaml", "releases:\n  - {version: 1.0.0}\n  - {version: 1.0.0}\n"))
                .hasMessageContaining("version 1.0.0 is listed twice");
        assertThatThrownBy(() -> ReleaseIndex.parse("index.json", "{\"releases\": [\n"))
                .isInstanceOf(InvalidFileException.class);
        assertThatThrownBy(() -> ReleaseIndex.parse("index.yaml", ""))
                .hasMessageContaining("the index is empty");
    }
}
