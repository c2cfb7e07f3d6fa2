package dev.shipshape.reconcilers.download;

import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.files.ProjectPaths;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The hostile release zips of the bad-input corpus (see src/test/resources/bad-input/README.md):
 * zips are built here rather than stored, since several need bytes no zip tool writes. Each must
 * be refused with the exact reason, and leave nothing in the package store, not even a temp folder.
 */
class BadPackageZipsTest {
    private static final Version V = Version.parse("1.1.0");
    /** Small caps so the zip bomb stays cheap to build; the production caps are the same check, larger. */
    private static final SafeExtractor.Limits LIMITS = new SafeExtractor.Limits(100, 1024 * 1024, 2 * 1024 * 1024);

    @TempDir
    Path tmp;

    static Stream<Arguments> zips() {
        return Stream.of(
                zip("entry-with-dotdot", () -> with("../../etc/cron.d/evil", "* * * * * root sh\n"),
                        "contains the entry '../../etc/cron.d/evil' with '..', which points outside the package folder"),
                zip("absolute-entry", () -> with("/etc/cron.d/evil", "x\n"), "with an absolute path"),
                zip("symlink-entry", () -> TestZips.markSymlink(with("config/passwd", "/etc/passwd"), "config/passwd"),
                        "contains the symbolic link 'config/passwd'; packages may not contain links"),
                zip("zip-bomb", () -> with("config/big.txt", "0".repeat(5 * 1024 * 1024)),
                        "entry 'config/big.txt' unpacks to more than 1048576 bytes; refusing it as a possible zip bomb"),
                zip("duplicate-entry", () -> TestZips.replace(TestZips.zip(Map.of(
                                "manifest.yaml", TestZips.utf8(TestZips.manifest("1.1.0")),
                                "config/compose.yaml.tmpl", TestZips.utf8(TestZips.COMPOSE),
                                "config/compose.yaml.tmpX", TestZips.utf8("x"))), "compose.yaml.tmpX", "compose.yaml.tmpl"),
                        "more than once"),
                zip("manifest-of-another-version", () -> {
                    Map<String, byte[]> files = TestZips.release("1.1.0");
                    files.put("manifest.yaml", TestZips.utf8(TestZips.manifest("1.2.0")));
                    return TestZips.zip(files);
                }, "is release 1.2.0 according to its manifest.yaml, but release 1.1.0 was requested; check that spec.source.url"),
                zip("manifest-unknown-key", () -> with("manifest.yaml", TestZips.manifest("1.1.0") + "imagez: {}\n"),
                        "manifest.yaml:4:1: imagez: unknown field 'imagez'", "get a fixed one from its vendor"),
                zip("no-manifest", () -> TestZips.zip(Map.of("config/compose.yaml.tmpl", TestZips.utf8(TestZips.COMPOSE))),
                        "has no manifest.yaml at its root; it is not a release package (check spec.source.url)"),
                zip("not-a-zip", () -> TestZips.utf8("<html>404 not found</html>\n"), "is not a zip file", "check that spec.source.url points at the release zip"));
    }

    private static Arguments zip(String name, Supplier<byte[]> bytes, String... reasons) {
        return Arguments.of(name, bytes, List.of(reasons));
    }

    private static byte[] with(String name, String content) {
        Map<String, byte[]> files = TestZips.release("1.1.0");
        files.put(name, TestZips.utf8(content));
        return TestZips.zip(files);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zips")
    void isRefusedAndLeavesNothing(String name, Supplier<byte[]> bytes, List<String> reasons) throws IOException {
        ProjectPaths paths = new ProjectPaths(tmp.resolve("projects/demo"));
        Path zip = tmp.resolve("demo-server-linux-x64-1.1.0.zip");
        Files.write(zip, bytes.get());

        Throwable thrown = catchThrowable(() -> new SafeExtractor(LIMITS).extract(zip, V, paths));

        assertThat(thrown).isInstanceOf(InvalidPackageException.class);
        for (String reason : reasons) {
            assertThat(thrown).hasMessageContaining(reason);
        }
        assertThat(thrown).hasMessageContaining("demo-server-linux-x64-1.1.0.zip").hasMessageContaining("nothing was installed");
        assertThat(paths.packageDir(V)).doesNotExist();
        if (Files.isDirectory(paths.packages())) {
            try (Stream<Path> s = Files.list(paths.packages())) {
                assertThat(s.toList()).as("no temp folder left in the package store").isEmpty();
            }
        }
        assertThat(tmp.resolve("etc")).doesNotExist();
    }
}
