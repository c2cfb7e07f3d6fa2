package dev.shipshape.reconcilers.records;

import dev.shipshape.model.rollout.FailedRollout;
import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Version;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.files.ProjectPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The files under .shipshape/ are read by existing installations and by the integration tests: the
 * expected texts below are byte for byte what the stores wrote before they shared {@link RecordFile}.
 */
class ProjectRecordsTest {
    private static final Instant T1 = Instant.parse("2024-01-02T03:04:05Z");
    private static final Instant T2 = Instant.parse("2024-02-03T04:05:06.789Z");

    @TempDir
    Path tmp;
    private ProjectRecords records;

    @BeforeEach
    void setUp() {
        records = new ProjectRecords(new ProjectPaths(tmp));
    }

    @Test
    void installedRecordFormatIsUnchanged() throws IOException {
        InstalledRecord r = InstalledRecord.next(InstalledRecord.next(null, Version.parse("1.0.0"), T1), Version.parse("1.1.0"), T2);
        records.installed().write(r);

        assertThat(records.installed().read()).isEqualTo(r);
        assertThat(Files.readString(tmp.resolve(".shipshape/installed.yaml"))).isEqualTo("""
                # written by shipshape: the installed version, used by the downgrade guard
                version: 1.1.0
                installedAt: 2024-02-03T04:05:06.789Z
                history:
                - version: 1.0.0
                  at: 2024-01-02T03:04:05Z
                - version: 1.1.0
                  at: 2024-02-03T04:05:06.789Z
                """);
    }

    @Test
    void failedRolloutFormatIsUnchangedWithAndWithoutARestoredVersion() throws IOException {
        var failed = new FailedRollout("abc123", Version.parse("1.1.0"), Version.parse("1.0.0"), "web",
                "web: not healthy: exit 1", T1);
        records.rollouts().write(failed);
        assertThat(records.rollouts().read()).contains(failed);
        assertThat(Files.readString(tmp.resolve(".shipshape/rollout.yaml"))).isEqualTo("""
                # written by shipshape: a failed rollout, not retried until the desired file changes
                generation: abc123
                failedVersion: 1.1.0
                restoredVersion: 1.0.0
                service: web
                reason: "web: not healthy: exit 1"
                at: 2024-01-02T03:04:05Z
                """);

        var first = new FailedRollout("abc123", Version.parse("1.0.0"), null, null, "x", T1);
        records.rollouts().write(first);
        assertThat(records.rollouts().read()).contains(first);
        assertThat(Files.readString(tmp.resolve(".shipshape/rollout.yaml"))).isEqualTo("""
                # written by shipshape: a failed rollout, not retried until the desired file changes
                generation: abc123
                failedVersion: 1.0.0
                restoredVersion: null
                service: null
                reason: x
                at: 2024-01-02T03:04:05Z
                """);
    }

    @Test
    void completedJobsFormatIsUnchangedAndSortedByKey() throws IOException {
        assertThat(records.jobs().completed()).isEmpty();
        records.jobs().record("migrate@1.0.0", T1);
        records.jobs().record("a-seed@1.1.0", T2);

        assertThat(records.jobs().read()).containsExactly(Map.entry("a-seed@1.1.0", T2), Map.entry("migrate@1.0.0", T1));
        assertThat(records.jobs().completed()).containsExactlyInAnyOrder("a-seed@1.1.0", "migrate@1.0.0");
        assertThat(records.jobs().file()).isEqualTo(tmp.resolve(".shipshape/jobs.yaml"));
        assertThat(Files.readString(records.jobs().file())).isEqualTo("""
                # written by shipshape: one-shot jobs that completed; a job listed here is not run again
                jobs:
                  a-seed@1.1.0:
                    completedAt: 2024-02-03T04:05:06.789Z
                  migrate@1.0.0:
                    completedAt: 2024-01-02T03:04:05Z
                """);
    }

    @Test
    void aJobWithoutItsCompletionTimeIsDamageNotAJobToRunAgain() throws IOException {
        write("jobs.yaml", "jobs:\n  migrate@1.0.0: {}\n");

        assertThatThrownBy(() -> records.jobs().completed())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("job migrate@1.0.0 has no completedAt");
    }

    @Test
    void adoptionFormatIsUnchangedAndKeepsTheAdoptionOrder() throws IOException {
        records.adoptions().add("c0ffee", new AdoptionRecordStore.Entry("web", "sha256:aa", T1));
        records.adoptions().add("beef", new AdoptionRecordStore.Entry("db", "sha256:bb", T2));

        assertThat(records.adoptions().read()).containsExactly(
                Map.entry("c0ffee", new AdoptionRecordStore.Entry("web", "sha256:aa", T1)),
                Map.entry("beef", new AdoptionRecordStore.Entry("db", "sha256:bb", T2)));
        assertThat(Files.readString(tmp.resolve(".shipshape/adopted.yaml"))).isEqualTo("""
                # written by shipshape: containers it adopted as they were
                containers:
                  c0ffee:
                    service: web
                    configHash: sha256:aa
                    at: 2024-01-02T03:04:05Z
                  beef:
                    service: db
                    configHash: sha256:bb
                    at: 2024-02-03T04:05:06.789Z
                """);
    }

    @Test
    void keptVolumesFormatIsUnchangedSortedAndWithoutDuplicates() throws IOException {
        records.keptVolumes().add(List.of());
        assertThat(tmp.resolve(".shipshape/kept-volumes.yaml")).doesNotExist();

        records.keptVolumes().add(List.of("proj_cache", "proj_a"));
        records.keptVolumes().add(List.of("proj_a"));

        assertThat(records.keptVolumes().read()).containsExactly("proj_a", "proj_cache");
        assertThat(Files.readString(tmp.resolve(".shipshape/kept-volumes.yaml"))).isEqualTo("""
                # written by shipshape: volumes of removed services, kept; remove them by hand (docker volume rm NAME) once their data is not needed
                volumes:
                - proj_a
                - proj_cache
                """);
    }

    @Test
    void nothingIsReadBeforeAnythingWasWritten() {
        assertThat(records.installed().read()).isNull();
        assertThat(records.rollouts().read()).isEmpty();
        assertThat(records.jobs().read()).isEmpty();
        assertThat(records.adoptions().read()).isEmpty();
        assertThat(records.keptVolumes().read()).isEmpty();
        assertThat(tmp.resolve(".shipshape")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            installed.yaml    | the record of the installed version is damaged | restore it from a backup
            rollout.yaml      | the record of the last failed rollout is damaged | delete it to try again
            jobs.yaml         | the record of completed jobs is damaged | for every job that already ran (a job missing from it runs again)
            adopted.yaml      | the record of adopted containers is damaged | delete it and apply again
            kept-volumes.yaml | the record of kept volumes is damaged | fix it or delete it
            """)
    void aDamagedFileIsNamedWithWhatToDo(String name, String what, String advice) throws IOException {
        write(name, "version: [unclosed\n");

        assertThatThrownBy(() -> {
            records.installed().read();
            records.rollouts().read();
            records.jobs().read();
            records.adoptions().read();
            records.keptVolumes().read();
        }).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(tmp.resolve(".shipshape").resolve(name).toString())
                .hasMessageContaining(what)
                .hasMessageContaining(advice);
    }

    @Test
    void aValueThatIsNoVersionIsDamageToo() throws IOException {
        write("installed.yaml", "version: not-a-version\ninstalledAt: 2024-01-01T00:00:00Z\n");

        assertThatThrownBy(() -> records.installed().read())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("installed.yaml")
                .hasMessageContaining("the record of the installed version is damaged");
    }

    @Test
    void theContextOfAProjectCarriesTheRecordsOfItsFolderOnly() {
        ProjectPaths paths = new ProjectPaths(tmp);
        assertThat(new ProjectContext(null, paths, Cancellation.none()).records()).isEqualTo(records);
        assertThat(new ProjectContext(null, null, Cancellation.none()).records()).isNull();
        assertThatThrownBy(() -> new ProjectContext(null, new ProjectPaths(tmp.resolve("other")), Cancellation.none(), records))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not belong to the project folder");
    }

    private void write(String name, String text) throws IOException {
        Files.createDirectories(tmp.resolve(".shipshape"));
        Files.writeString(tmp.resolve(".shipshape").resolve(name), text);
    }
}
