package dev.shipshape.reconcilers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DiskSpaceTest {
    @Test
    void aFullDiskIsRecognisedBehindWrappersAndOtherErrorsAreNot() {
        IOException enospc = new IOException("No space left on device");
        assertThat(DiskSpace.isFull(enospc)).isTrue();
        assertThat(DiskSpace.isFull(new UncheckedIOException(enospc))).isTrue();
        assertThat(DiskSpace.isFull(new FileSystemException("/x", null, "Disk quota exceeded"))).isTrue();
        assertThat(DiskSpace.isFull(new IOException("Connection reset"))).isFalse();
        assertThat(DiskSpace.isFull(new IllegalStateException("No space left on device"))).as("not an I/O error").isFalse();
    }

    @Test
    void theMessageNamesTheFolderAndItsFreeSpaceEvenWhenTheFolderIsNotThereYet(@TempDir Path tmp) {
        assertThat(DiskSpace.describeFull(tmp.resolve("not/yet"))).startsWith("the disk holding " + tmp.resolve("not/yet") + " is full (")
                .contains(" bytes free of ");
    }
}
