package dev.shipshape.reconcilers.download;

import dev.shipshape.model.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.shipshape.reconcilers.download.FilePackages.PACKAGE;
import static dev.shipshape.reconcilers.download.FilePackages.sha256;
import static org.assertj.core.api.Assertions.assertThat;

class PackageTransferTest {
    @TempDir
    Path dir;

    private final ReleaseOpener opener = new ReleaseOpener(HttpOpener.lazy(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(1)));

    private URI source() throws IOException {
        return FilePackages.source(dir.resolve("a.zip"));
    }

    @Test
    void aTransferFillsThePartFileAndHashesIt() throws IOException {
        Path part = dir.resolve("downloads/a.zip.part");
        Files.createDirectories(part.getParent());
        PackageTransfer.Result result = new PackageTransfer(1024, opener).run(source(), Version.parse("1.0.0"), part, "a.zip",
                Deadline.NONE);
        assertThat(result).isEqualTo(new PackageTransfer.Result(PACKAGE.length, sha256(PACKAGE), 0));
        assertThat(part).hasBinaryContent(PACKAGE);
    }

    @Test
    void aSourceThatCannotResumeReplacesWhatThePartHeld() throws IOException {
        Path part = dir.resolve("a.zip.part");
        Files.writeString(part, "left by an earlier run, longer than the package itself");
        PackageTransfer.Result result = new PackageTransfer(1024, opener).run(source(), Version.parse("1.0.0"), part, "a.zip",
                Deadline.NONE);
        assertThat(result.resumedFrom()).isZero();
        assertThat(part).hasBinaryContent(PACKAGE);
    }
}
