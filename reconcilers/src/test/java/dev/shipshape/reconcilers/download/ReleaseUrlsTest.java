package dev.shipshape.reconcilers.download;

import dev.shipshape.model.Version;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseUrlsTest {
    @Test
    void checksumUrlKeepsTheQueryAfterTheSuffix() {
        assertThat(ReleaseUrls.checksumUrl(URI.create("https://h/r/a-1.0.0.zip")))
                .hasToString("https://h/r/a-1.0.0.zip.sha256");
        assertThat(ReleaseUrls.checksumUrl(URI.create("https://h/r/a.zip?token=x#f")))
                .hasToString("https://h/r/a.zip.sha256?token=x#f");
        assertThat(ReleaseUrls.checksumUrl(URI.create("file:///srv/a.zip")))
                .hasToString("file:///srv/a.zip.sha256");
    }

    @Test
    void zipNameIsTheLastSegmentOrASafeDefault() {
        Version v = Version.parse("1.0.0");
        assertThat(ReleaseUrls.zipName(URI.create("https://h/r/demo-1.0.0.zip?x=1"), v)).isEqualTo("demo-1.0.0.zip");
        assertThat(ReleaseUrls.zipName(URI.create("https://h/download/"), v)).isEqualTo("release-1.0.0.zip");
        assertThat(ReleaseUrls.zipName(URI.create("https://h/a%20b.zip"), v)).isEqualTo("release-1.0.0.zip");
        assertThat(ReleaseUrls.zipName(URI.create("https://h/.hidden.zip"), v)).isEqualTo("release-1.0.0.zip");
        assertThat(ReleaseFetcher.zipName(URI.create("https://h/r/demo-1.0.0.zip"), v)).isEqualTo("demo-1.0.0.zip");
    }

    @Test
    void partFileLiesNextToTheTarget() {
        Path target = Path.of("/srv/downloads/demo-1.0.0.zip");
        assertThat(ReleaseUrls.partFile(target)).isEqualTo(Path.of("/srv/downloads/demo-1.0.0.zip.part"));
        assertThat(ReleaseFetcher.partFile(target)).isEqualTo(ReleaseUrls.partFile(target));
    }

    @Test
    void aPlainPathIsAFileRelativeToTheDesiredFile() {
        Path base = Path.of("/srv/desired");
        assertThat(ReleaseUrls.resolve(URI.create("releases/a.zip"), base)).isEqualTo(Path.of("/srv/desired/releases/a.zip").toUri());
        assertThat(ReleaseUrls.resolve(URI.create("/opt/r/../a.zip"), base)).isEqualTo(Path.of("/opt/a.zip").toUri());
        URI https = URI.create("https://h/a.zip");
        assertThat(ReleaseUrls.resolve(https, base)).isSameAs(https);
    }
}
