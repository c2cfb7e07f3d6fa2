package dev.shipshape.reconcilers.files;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.records.ProjectRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The state folder and its files are never followed through a link, must be this user's, and the
 * project folder's real path must stay in the base folder. Runs as root here, so "someone else's"
 * is a file given to nobody.
 */
class StateFilesTest {
    private static final String SERVER = """
            apiVersion: shipshape.dev/v1
            kind: Server
            metadata:
              name: demo
            spec:
              version: 1.0.0
              source:
                url: https://releases.example.com/s-{version}.zip
              projectDir: project
            """;

    @TempDir
    Path tmp;

    private Path project() throws IOException {
        return Files.createDirectories(tmp.resolve("base/project"));
    }

    private Path outside(String content) throws IOException {
        Path f = Files.createDirectories(tmp.resolve("elsewhere")).resolve("precious");
        Files.writeString(f, content);
        return f;
    }

    private static UserPrincipal nobody() throws IOException {
        try {
            return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        } catch (IOException e) {
            assumeTrue(false, "no user nobody on this system");
            throw e;
        }
    }

    @Test
    void theStateFolderIsCreated0700() throws IOException {
        ProjectPaths paths = new ProjectPaths(project());
        StateFiles.stateDir(paths);
        StateFiles.folder(paths.downloads());
        assertThat(Files.getPosixFilePermissions(paths.stateDir(), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(paths.downloads(), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aStateFolderThatIsALinkIsRefusedAndNothingIsWrittenWhereItPoints() throws IOException {
        ProjectPaths paths = new ProjectPaths(project());
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(paths.stateDir(), elsewhere);

        assertThatThrownBy(() -> new ProjectRecords(paths).installed().write(
                dev.shipshape.model.observed.InstalledRecord.next(null, Version.parse("1.0.0"), java.time.Instant.EPOCH)))
                .isInstanceOf(UnsafeStateException.class)
                .hasMessageStartingWith(paths.stateDir() + " is a symbolic link to " + elsewhere)
                .hasMessageContaining("Remove the link (rm " + paths.stateDir());
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void aRecordPlantedAsALinkIsNotReadAndItsTargetIsUntouched() throws IOException {
        ProjectPaths paths = new ProjectPaths(project());
        StateFiles.stateDir(paths);
        Path precious = outside("root:secret\n");
        Files.createSymbolicLink(paths.installedRecord(), precious);

        assertThatThrownBy(() -> new ProjectRecords(paths).installed().read())
                .isInstanceOf(UnsafeStateException.class)
                .hasMessageStartingWith(paths.installedRecord() + " is a symbolic link to " + precious)
                .hasMessageNotContaining("root:secret");
        assertThat(precious).hasContent("root:secret\n");
    }

    @Test
    void aFileOfAnotherUserInTheStateFolderIsRefusedWithTheFix() throws IOException {
        ProjectPaths paths = new ProjectPaths(project());
        StateFiles.stateDir(paths);
        Files.writeString(paths.installedRecord(), "history: []\n");
        Files.setOwner(paths.installedRecord(), nobody());

        assertThatThrownBy(() -> new ProjectRecords(paths).installed().read())
                .isInstanceOf(UnsafeStateException.class)
                .hasMessageStartingWith(paths.installedRecord() + " belongs to user nobody, not to "
                        + System.getProperty("user.name") + " that shipshape runs as")
                .hasMessageContaining("remove it");
    }

    @Test
    void aStateFolderOfAnotherUserOrWritableByOthersIsRefused() throws IOException {
        ProjectPaths paths = new ProjectPaths(project());
        Files.createDirectory(paths.stateDir());
        Files.setOwner(paths.stateDir(), nobody());
        assertThatThrownBy(() -> StateFiles.stateDir(paths))
                .isInstanceOf(UnsafeStateException.class)
                .hasMessageStartingWith(paths.stateDir() + " belongs to user nobody");

        Files.setOwner(paths.stateDir(), Files.getOwner(tmp));
        Files.setPosixFilePermissions(paths.stateDir(), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> StateFiles.stateDir(paths))
                .isInstanceOf(UnsafeStateException.class)
                .hasMessageContaining("may be written by users other than its owner (mode rwxrwxrwx)")
                .hasMessageContaining("chmod 700 " + paths.stateDir());
    }

    @Test
    void aPackageFolderPlantedAsALinkIsNotUsed() throws IOException {
        ProjectPaths paths = new ProjectPaths(project());
        StateFiles.folder(paths.packages());
        Path planted = Files.createDirectories(tmp.resolve("elsewhere/pkg"));
        Files.writeString(planted.resolve("manifest.yaml"), "name: evil\n");
        Files.createSymbolicLink(paths.packageDir(Version.parse("1.0.0")), planted);

        assertThatThrownBy(() -> new dev.shipshape.reconcilers.PackageStore(paths).dir(Version.parse("1.0.0")))
                .isInstanceOf(UnsafeStateException.class)
                .hasMessageContaining("is a symbolic link");
    }

    @Test
    void aProjectFolderWhoseRealPathLeavesTheBaseFolderIsRefused() throws IOException {
        Path base = Files.createDirectories(tmp.resolve("base"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(base.resolve("project"), elsewhere);
        Path file = base.resolve("server.yaml");
        String text = SERVER;
        Files.writeString(file, text);
        DesiredFile desired = DesiredFile.parse(file, text); // the text is fine: relative, no '..'

        assertThatThrownBy(() -> ProjectContext.of(desired))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'project' leads to " + elsewhere.toRealPath() + " through a symbolic link, outside "
                        + base.toRealPath())
                .hasMessageContaining("make the project folder a real folder inside");
    }

    @Test
    void aProjectFolderThatIsALinkPointingNowhereIsRefused() throws IOException {
        Path base = Files.createDirectories(tmp.resolve("base"));
        Files.createSymbolicLink(base.resolve("project"), tmp.resolve("not-yet"));
        Path file = base.resolve("server.yaml");

        assertThatThrownBy(() -> ProjectContext.of(DesiredFile.parse(file, SERVER)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'project' cannot be followed to a real folder");
    }

    @Test
    void aProjectFolderThatIsALinkInsideTheBaseFolderIsFine() throws IOException {
        Path base = Files.createDirectories(tmp.resolve("base"));
        Files.createDirectories(base.resolve("real"));
        Files.createSymbolicLink(base.resolve("project"), base.resolve("real"));
        Path file = base.resolve("server.yaml");
        String text = SERVER;
        assertThat(ProjectContext.of(DesiredFile.parse(file, text)).paths().projectDir()).isEqualTo(base.resolve("project"));
    }
}
