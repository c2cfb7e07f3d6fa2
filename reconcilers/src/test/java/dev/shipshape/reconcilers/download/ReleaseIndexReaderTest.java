package dev.shipshape.reconcilers.download;

import dev.shipshape.reconcilers.ReconcileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading spec.source.index from a file or a path relative to the desired file; what is refused. */
class ReleaseIndexReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsAPathRelativeToTheDesiredFileAndAFileUrl() throws Exception {
        Files.writeString(tmp.resolve("index.yaml"), "releases: []\n");
        ReleaseIndexReader reader = new ReleaseIndexReader();
        assertThat(reader.read(new URI(null, null, "index.yaml", null), tmp)).isEqualTo("releases: []\n");
        assertThat(reader.read(tmp.resolve("index.yaml").toUri(), Path.of("/"))).isEqualTo("releases: []\n");
    }

    @Test
    void aMissingOrOversizedOrBinaryIndexIsAClearError() throws Exception {
        ReleaseIndexReader reader = new ReleaseIndexReader();
        assertThatThrownBy(() -> reader.read(new URI(null, null, "missing.yaml", null), tmp))
                .isInstanceOf(ReconcileException.class).hasMessageContaining("was not found; check spec.source.index");
        Files.write(tmp.resolve("big.yaml"), new byte[ReleaseIndexReader.MAX_BYTES + 1]);
        assertThatThrownBy(() -> reader.read(new URI(null, null, "big.yaml", null), tmp))
                .hasMessageContaining("larger than 4 MiB");
        Files.write(tmp.resolve("bin.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThatThrownBy(() -> reader.read(new URI(null, null, "bin.yaml", null), tmp))
                .hasMessageContaining("is not UTF-8 text");
    }
}
