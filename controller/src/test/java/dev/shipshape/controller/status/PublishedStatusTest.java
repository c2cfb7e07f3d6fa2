package dev.shipshape.controller.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PublishedStatusTest {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(5);

    @TempDir
    Path projectDir;

    @Test
    void aChangeIsPublishedAndWritten() throws IOException {
        PublishedStatus published = new PublishedStatus(StatusDraft.initial("spacetech", T0), projectDir);
        StatusDraft d = published.draft();
        d.lastError = "boom";
        published.publish(d, T1);

        assertThat(published.current().lastError()).isEqualTo("boom");
        assertThat(published.current().updatedAt()).isEqualTo(T1);
        assertThat(StatusFile.read(projectDir)).hasValue(published.current());
    }

    /** The status quotes errors and paths of a host whose controller runs as root: only its owner reads it. */
    @Test
    void theStatusFileIsReadableByItsOwnerOnly() throws IOException {
        PublishedStatus published = new PublishedStatus(StatusDraft.initial("spacetech", T0), projectDir);
        StatusDraft d = published.draft();
        d.lastError = "boom";
        published.publish(d, T1);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(StatusFile.path(projectDir))))
                .isEqualTo("rw-------");
    }

    @Test
    void aDraftThatChangesNothingIsNeitherPublishedNorWritten() {
        ServerStatus initial = StatusDraft.initial("spacetech", T0);
        PublishedStatus published = new PublishedStatus(initial, projectDir);
        published.publish(published.draft(), T1);

        assertThat(published.current()).isSameAs(initial);
        assertThat(StatusFile.path(projectDir)).doesNotExist();
    }

    @Test
    void aStatusFileThatCannotBeWrittenKeepsTheStatusInMemory() throws IOException {
        Path notADirectory = projectDir.resolve("file");
        Files.writeString(notADirectory, "x");
        PublishedStatus published = new PublishedStatus(StatusDraft.initial("spacetech", T0), notADirectory);
        StatusDraft d = published.draft();
        d.lastError = "boom";
        published.publish(d, T1);

        assertThat(published.current().lastError()).isEqualTo("boom");
    }
}
