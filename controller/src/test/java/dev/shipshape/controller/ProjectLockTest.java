package dev.shipshape.controller;

import dev.shipshape.model.ShipshapeException;
import dev.shipshape.reconcilers.files.ProjectPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lock file is written as root in a folder others edit: never through a link, never someone
 * else's file, and its folder is made 0700.
 */
class ProjectLockTest {
    @TempDir
    Path tmp;

    private ProjectPaths paths() throws IOException {
        return new ProjectPaths(Files.createDirectories(tmp.resolve("project")));
    }

    private Path precious() throws IOException {
        Path f = Files.createDirectories(tmp.resolve("elsewhere")).resolve("shadow");
        Files.writeString(f, "root:$6$secret:19000:0:99999:7:::\n");
        return f;
    }

    @Test
    void aLockFilePlantedAsALinkIsRefusedAndItsTargetIsUntouched() throws IOException {
        ProjectPaths paths = paths();
        Files.createDirectory(paths.stateDir());
        Path precious = precious();
        Path lock = paths.stateDir().resolve("controller.lock");
        Files.createSymbolicLink(lock, precious);

        assertThatThrownBy(() -> ProjectLock.acquire(paths, "demo", "shipshape apply"))
                .isInstanceOf(ShipshapeException.class)
                .hasMessageStartingWith(lock + " is a symbolic link to " + precious)
                .hasMessageContaining("Remove the link (rm " + lock + "; the link only, not what it points to)")
                .hasMessageNotContaining("root:$6$");
        assertThat(precious).hasContent("root:$6$secret:19000:0:99999:7:::\n");
    }

    @Test
    void aStateFolderThatIsALinkIsRefusedAndNoLockIsWrittenWhereItPoints() throws IOException {
        ProjectPaths paths = paths();
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(paths.stateDir(), elsewhere);

        assertThatThrownBy(() -> ProjectLock.acquire(paths, "demo", "shipshape run"))
                .isInstanceOf(ShipshapeException.class)
                .hasMessageStartingWith(paths.stateDir() + " is a symbolic link to " + elsewhere);
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void aLockFileOfAnotherUserIsRefused() throws IOException {
        ProjectPaths paths = paths();
        Files.createDirectory(paths.stateDir());
        Path lock = Files.writeString(paths.stateDir().resolve("controller.lock"), "");
        Files.setOwner(lock, FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        assertThatThrownBy(() -> ProjectLock.acquire(paths, "demo", "shipshape apply"))
                .isInstanceOf(ShipshapeException.class)
                .hasMessageStartingWith(lock + " belongs to user nobody");
    }

    @Test
    void theStateFolderIsMade0700AndTheLockTaken() throws IOException {
        ProjectPaths paths = paths();
        try (ProjectLock lock = ProjectLock.acquire(paths, "demo", "shipshape apply")) {
            assertThat(Files.getPosixFilePermissions(paths.stateDir(), LinkOption.NOFOLLOW_LINKS))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(paths.stateDir().resolve("controller.lock")).content().startsWith("shipshape apply, pid ");
        }
    }
}
