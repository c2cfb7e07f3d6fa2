package dev.shipshape.reconcilers.download;

import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.files.UnsafeStateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.shipshape.reconcilers.download.FilePackages.PACKAGE;
import static dev.shipshape.reconcilers.download.FilePackages.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Downloads from file URLs, which need no server; the http paths are covered by DownloadReconcilerIT and DownloadResumeIT. */
class ReleaseFetcherTest {
    private static final Version V = Version.parse("1.0.0");

    @TempDir
    Path dir;

    private URI source() throws IOException {
        return FilePackages.source(dir.resolve("source/demo-1.0.0.zip"));
    }

    @Test
    void aMatchingPackageIsPublishedUnderItsName() throws IOException {
        Path target = dir.resolve("downloads/demo-1.0.0.zip");
        ReleaseFetcher.Fetched fetched = new ReleaseFetcher().fetch(source(), V, sha256(PACKAGE), target);
        assertThat(fetched).isEqualTo(new ReleaseFetcher.Fetched(target, PACKAGE.length, sha256(PACKAGE)));
        assertThat(target).hasBinaryContent(PACKAGE);
        assertThat(ReleaseUrls.partFile(target)).doesNotExist();
    }

    @Test
    void aPartFilePlantedAsALinkIsRefusedAndItsTargetIsUntouched() throws IOException {
        Path precious = Files.createDirectories(dir.resolve("elsewhere")).resolve("precious");
        Files.writeString(precious, "root's file\n");
        Path target = Files.createDirectories(dir.resolve("downloads")).resolve("demo-1.0.0.zip");
        Files.createSymbolicLink(ReleaseUrls.partFile(target), precious);

        assertThatThrownBy(() -> new ReleaseFetcher().fetch(source(), V, sha256(PACKAGE), target))
                .isInstanceOf(UnsafeStateException.class)
                .hasMessageStartingWith(ReleaseUrls.partFile(target) + " is a symbolic link to " + precious)
                .hasMessageContaining("Remove the link");
        assertThat(precious).hasContent("root's file\n");
        assertThat(target).doesNotExist();
    }

    @Test
    void aMismatchDeletesTheDownload() throws IOException {
        Path target = dir.resolve("downloads/demo-1.0.0.zip");
        String wrong = "0".repeat(64);
        ChecksumMismatchException e = catchThrowableOfType(ChecksumMismatchException.class,
                () -> new ReleaseFetcher().fetch(source(), V, wrong, target));
        assertThat(e).hasMessageContaining("does not have the sha256 " + wrong + " that was expected");
        assertThat(target).doesNotExist();
        assertThat(ReleaseUrls.partFile(target)).doesNotExist();
    }

    /** The desired file's author picks the path: a wrong pin must not tell them the hash or size of a file of the host. */
    @Test
    void aMismatchOfALocalFileNamesNeitherItsHashNorItsSize() throws IOException {
        Path target = dir.resolve("downloads/demo-1.0.0.zip");
        ChecksumMismatchException e = catchThrowableOfType(ChecksumMismatchException.class,
                () -> new ReleaseFetcher().fetch(source(), V, "0".repeat(64), target));
        // the size as a message would word it: a bare number can be part of the temporary folder's name
        assertThat(e.getMessage()).doesNotContain(sha256(PACKAGE)).doesNotContain(PACKAGE.length + " bytes")
                .doesNotContain("bytes received");
        assertThat(e.actual()).isNull();
    }

    @Test
    void aMissingPackageSaysWhichRelease() {
        URI missing = dir.resolve("nothing-here.zip").toUri();
        assertThatThrownBy(() -> new ReleaseFetcher().fetch(missing, V, sha256(PACKAGE), dir.resolve("d/a.zip")))
                .isInstanceOf(ReconcileException.class)
                .hasMessageStartingWith("release 1.0.0 not found at ")
                .hasMessageEndingWith("; check spec.version and spec.source.url");
    }

    @Test
    void aPackageOverTheLimitIsRefusedAndNotKept() throws IOException {
        Path target = dir.resolve("downloads/demo-1.0.0.zip");
        ReconcileException e = catchThrowableOfType(ReconcileException.class,
                () -> new ReleaseFetcher(5).fetch(source(), V, sha256(PACKAGE), target));
        assertThat(e.isTransient()).isFalse();
        assertThat(e).hasMessageContaining("is larger than the limit of 5 bytes (" + PACKAGE.length + " bytes or more)");
        assertThat(ReleaseUrls.partFile(target)).doesNotExist();
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new ReleaseFetcher(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must be positive");
    }

    @Test
    void expectedChecksumIsThePinOrThePublishedFile() throws IOException {
        URI url = source();
        assertThat(new ReleaseFetcher().expectedSha256(url, "ABCDEF")).isEqualTo("abcdef");
        assertThatThrownBy(() -> new ReleaseFetcher().expectedSha256(url, null))
                .isInstanceOf(ReconcileException.class)
                .hasMessageStartingWith("there is no checksum file at ");
        Files.writeString(Path.of(ReleaseUrls.checksumUrl(url)), sha256(PACKAGE) + "  demo-1.0.0.zip\n");
        assertThat(new ReleaseFetcher().expectedSha256(url, null)).isEqualTo(sha256(PACKAGE));
    }

    @Test
    void onlyFileAndHttpUrlsCanBeOpened() {
        assertThatThrownBy(() -> new ReleaseFetcher().expectedSha256(URI.create("ftp://h/a.zip"), null))
                .isInstanceOf(ReconcileException.class)
                .hasMessage("cannot download from ftp://h/a.zip.sha256: only http://, https:// and file:// URLs are supported");
    }
}
