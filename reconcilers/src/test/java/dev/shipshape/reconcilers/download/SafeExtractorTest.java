package dev.shipshape.reconcilers.download;

import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.files.ProjectPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeExtractorTest {
    private static final Version V1 = Version.parse("1.0.0");

    @TempDir
    Path tmp;
    private ProjectPaths paths;
    private Path zip;

    @BeforeEach
    void setUp() throws IOException {
        paths = new ProjectPaths(tmp.resolve("projects/demo"));
        Files.createDirectories(paths.downloads());
        zip = paths.downloads().resolve("demo-server-linux-x64-1.0.0.zip");
    }

    @Test
    void extractsAGoodPackageIntoTheStore() throws IOException {
        Files.write(zip, TestZips.zip(TestZips.release("1.0.0")));

        Path dir = new SafeExtractor().extract(zip, V1, paths);

        assertThat(dir).isEqualTo(paths.packageDir(V1));
        assertThat(dir.resolve("config/compose.yaml.tmpl")).hasContent(TestZips.COMPOSE.strip());
        assertThat(new PackageStore(paths).versions()).containsExactly(V1);
        assertThat(new PackageStore(paths).manifest(V1)).get().extracting(m -> m.product()).isEqualTo("demo-server");
        assertNoTempFolders();
    }

    @Test
    void acceptsPlainComposeAndTheSameVersionWrittenDifferently() throws IOException {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        // Quoted: unquoted 1.0 is a YAML number.
        files.put("manifest.yaml", TestZips.utf8(TestZips.manifest("1.0.0").replace("version: 1.0.0", "version: \"1.0\"")));
        files.remove("config/compose.yaml.tmpl");
        files.put("config/compose.yaml", TestZips.utf8("services: {}\n"));
        Files.write(zip, TestZips.zip(files));

        new SafeExtractor().extract(zip, V1, paths);

        assertThat(new PackageStore(paths).versions()).containsExactly(V1);
    }

    @Test
    void refusesZipSlip() throws IOException {
        assertRefused(with("../x", "evil"), "'..'");
        assertThat(paths.packages().resolve("../x")).doesNotExist();
        assertRefused(with("config/../../escaped", "evil"), "'..'");
    }

    @Test
    void refusesAbsolutePathsDriveLettersAndBackslashes() throws IOException {
        assertRefused(with("/tmp/evil", "x"), "absolute path");
        assertRefused(with("C:/evil", "x"), "drive letter");
        assertRefused(with("..\\evil", "x"), "backslash");
    }

    @Test
    void refusesSymlinks() throws IOException {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        files.put("config/link", TestZips.utf8("/etc/passwd"));
        Files.write(zip, TestZips.markSymlink(TestZips.zip(files), "config/link"));

        assertThatThrownBy(() -> new SafeExtractor().extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining("symbolic link 'config/link'");
        assertNothingInstalled();
    }

    @Test
    void refusesDuplicateEntries() throws IOException {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        files.put("config/dupA", TestZips.utf8("first"));
        files.put("config/dupB", TestZips.utf8("second"));
        Files.write(zip, TestZips.replace(TestZips.zip(files), "config/dupB", "config/dupA"));

        assertThatThrownBy(() -> new SafeExtractor().extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining("more than once");
        assertNothingInstalled();
    }

    @Test
    void refusesTooManyEntries() throws IOException {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        for (int i = 0; i < 10; i++) {
            files.put("config/f" + i, TestZips.utf8("x"));
        }
        Files.write(zip, TestZips.zip(files));

        assertThatThrownBy(() -> new SafeExtractor(new SafeExtractor.Limits(5, 1000, 10_000)).extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining("14 entries, more than the limit of 5");
        assertNothingInstalled();
    }

    @Test
    void refusesAnEntryThatInflatesBeyondTheCap() throws IOException {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        files.put("config/bomb", new byte[100_000]); // zeros: compresses to almost nothing
        Files.write(zip, TestZips.zip(files));
        assertThat(Files.size(zip)).isLessThan(10_000);

        assertThatThrownBy(() -> new SafeExtractor(new SafeExtractor.Limits(100, 10_000, 1_000_000)).extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining("'config/bomb' unpacks to more than 10000 bytes");
        assertNothingInstalled();
    }

    @Test
    void refusesAnEntryThatInflatesFarBeyondItsCompressedSizeLongBeforeTheSizeCaps() throws IOException {
        // Issue 20, item 8: a 600 KB zip wrote 512 MiB before the entry cap refused it. 64 MiB of zeros deflate to
        // about 64 KB (1030:1); with the default limits the ratio refuses it after about 1 MiB written.
        Map<String, byte[]> files = TestZips.release("1.0.0");
        files.put("config/bomb", new byte[64 * 1024 * 1024]);
        Files.write(zip, TestZips.zip(files));
        assertThat(Files.size(zip)).isLessThan(200_000);

        assertThatThrownBy(() -> new SafeExtractor().extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining("entry 'config/bomb' inflates at a ratio of more than ")
                .hasMessageContaining("above the limit of 200:1; refusing it as a possible zip bomb; nothing was installed");
        assertNothingInstalled();
    }

    @Test
    void aSmallVeryRepetitiveFileIsNotJudgedByItsRatio() throws IOException {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        files.put("config/blank.txt", new byte[512 * 1024]); // 1000:1, but only half a MiB
        Files.write(zip, TestZips.zip(files));

        assertThat(new SafeExtractor().extract(zip, V1, paths).resolve("config/blank.txt")).isRegularFile();
    }

    @Test
    void refusesAPackageWhoseTotalInflatesBeyondTheCap() throws IOException {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        for (int i = 0; i < 5; i++) {
            files.put("config/part" + i, new byte[8_000]);
        }
        Files.write(zip, TestZips.zip(files));

        assertThatThrownBy(() -> new SafeExtractor(new SafeExtractor.Limits(100, 10_000, 20_000)).extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining("unpacks to more than 20000 bytes");
        assertNothingInstalled();
    }

    @Test
    void refusesAManifestOfAnotherVersion() throws IOException {
        Files.write(zip, TestZips.zip(TestZips.release("1.0.1")));

        assertThatThrownBy(() -> new SafeExtractor().extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining("is release 1.0.1")
                .hasMessageContaining("release 1.0.0 was requested");
        assertNothingInstalled();
    }

    @Test
    void refusesAPackageWithoutManifest() throws IOException {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        files.remove("manifest.yaml");
        Files.write(zip, TestZips.zip(files));

        assertThatThrownBy(() -> new SafeExtractor().extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining("no manifest.yaml at its root");
        assertNothingInstalled();
    }

    @Test
    void refusesAnInvalidManifestNamingTheFile() throws IOException {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        files.put("manifest.yaml", TestZips.utf8("product: demo-server\nversion: 1.0.0\nimages: {web: x}\ntypo: 1\n"));
        Files.write(zip, TestZips.zip(files));

        assertThatThrownBy(() -> new SafeExtractor().extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining("demo-server-linux-x64-1.0.0.zip!/manifest.yaml")
                .hasMessageContaining("typo");
        assertNothingInstalled();
    }

    @Test
    void refusesAPackageWithoutCompose() throws IOException {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        files.remove("config/compose.yaml.tmpl");
        Files.write(zip, TestZips.zip(files));

        assertThatThrownBy(() -> new SafeExtractor().extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining("config/compose.yaml");
        assertNothingInstalled();
    }

    @Test
    void refusesAFileThatIsNotAZip() throws IOException {
        Files.writeString(zip, "<html>Not Found</html>");

        assertThatThrownBy(() -> new SafeExtractor().extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining("not a zip file");
        assertNothingInstalled();
    }

    @Test
    void leavesAnInstalledPackageAloneAndDropsTheNewExtraction() throws IOException {
        Files.write(zip, TestZips.zip(TestZips.release("1.0.0")));
        Path installed = paths.packageDir(V1);
        Files.createDirectories(installed.resolve("config"));
        Files.writeString(installed.resolve("manifest.yaml"), TestZips.manifest("1.0.0"));
        Files.writeString(installed.resolve("marker"), "old");

        new SafeExtractor().extract(zip, V1, paths);

        assertThat(installed.resolve("marker")).hasContent("old");
        assertNoTempFolders();
    }

    @Test
    void replacesAnIncompleteFolderThatBlocksTheRename() throws IOException {
        Files.write(zip, TestZips.zip(TestZips.release("1.0.0")));
        Files.createDirectories(paths.packageDir(V1).resolve("junk"));

        new SafeExtractor().extract(zip, V1, paths);

        assertThat(paths.packageDir(V1).resolve("junk")).doesNotExist();
        assertThat(new PackageStore(paths).versions()).containsExactly(V1);
        assertNoTempFolders();
    }

    @Test
    void recognisesOnlyItsOwnTempFolders() {
        String name = SafeExtractor.tempName(V1);
        assertThat(SafeExtractor.isTempFolderOf(name, V1)).isTrue();
        assertThat(SafeExtractor.isTempFolderOf(SafeExtractor.tempName(Version.parse("1.0.0-rc.1")), V1)).isFalse();
        assertThat(SafeExtractor.isTempFolderOf("1.0.0", V1)).isFalse();
    }

    @Test
    void hostileZipsLeaveNothingOutsideTheStore() throws IOException {
        String tag = "shipshape-escape-" + Long.toHexString(System.nanoTime());
        Map<String, byte[]> symlink = TestZips.release("1.0.0");
        symlink.put("config/link", TestZips.utf8("../../../../" + tag));
        Map<String, byte[]> bomb = TestZips.release("1.0.0");
        bomb.put("config/bomb", new byte[2_000_000]);
        Map<String, byte[]> hostile = new java.util.LinkedHashMap<>();
        hostile.put("../ entries", with("../../../../" + tag, "evil"));
        hostile.put("nested ../ entries", with("config/../../../" + tag, "evil"));
        hostile.put("an absolute path", with("/tmp/" + tag, "evil"));
        hostile.put("a symlink", TestZips.markSymlink(TestZips.zip(symlink), "config/link"));
        hostile.put("a zip bomb", TestZips.zip(bomb));

        for (Map.Entry<String, byte[]> h : hostile.entrySet()) {
            Files.write(zip, h.getValue());
            assertThatThrownBy(() -> new SafeExtractor(new SafeExtractor.Limits(100, 1_000_000, 1_500_000)).extract(zip, V1, paths))
                    .as(h.getKey())
                    .isInstanceOf(InvalidPackageException.class)
                    .hasMessageContaining("nothing was installed");
            // Everything under the temp folder is the store's own: the zip in downloads/ and an empty packages/.
            try (Stream<Path> all = Files.walk(tmp)) {
                assertThat(all.filter(f -> !Files.isDirectory(f)).map(f -> tmp.relativize(f).toString()))
                        .as(h.getKey())
                        .containsExactly("projects/demo/.shipshape/downloads/demo-server-linux-x64-1.0.0.zip");
            }
            try (Stream<Path> dirs = Files.walk(tmp)) {
                assertThat(dirs.filter(Files::isDirectory).map(f -> tmp.relativize(f).toString()))
                        .as(h.getKey())
                        .isSubsetOf("", "projects", "projects/demo", "projects/demo/.shipshape",
                                "projects/demo/.shipshape/downloads", "projects/demo/.shipshape/packages");
            }
            assertThat(Path.of("/tmp", tag)).doesNotExist();
            assertThat(tmp.getParent().resolve(tag)).doesNotExist();
            assertNothingInstalled();
        }
    }

    private void assertRefused(byte[] zipBytes, String reason) throws IOException {
        Files.write(zip, zipBytes);
        assertThatThrownBy(() -> new SafeExtractor().extract(zip, V1, paths))
                .isInstanceOf(InvalidPackageException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining("nothing was installed");
        assertNothingInstalled();
    }

    private static byte[] with(String name, String content) {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        files.put(name, TestZips.utf8(content));
        return TestZips.zip(files);
    }

    private void assertNothingInstalled() throws IOException {
        assertThat(paths.packageDir(V1)).doesNotExist();
        assertNoTempFolders();
    }

    private void assertNoTempFolders() throws IOException {
        if (Files.isDirectory(paths.packages())) {
            try (Stream<Path> s = Files.list(paths.packages())) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
            }
        }
    }
}
