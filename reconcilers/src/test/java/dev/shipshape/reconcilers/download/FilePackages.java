package dev.shipshape.reconcilers.download;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** Packages served from file URLs, which need no server. */
final class FilePackages {
    static final byte[] PACKAGE = "the package bytes".getBytes(StandardCharsets.UTF_8);

    private FilePackages() {
    }

    /** {@link #PACKAGE} written to {@code file}, as a file URL. */
    static URI source(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, PACKAGE);
        return file.toUri();
    }

    static String sha256(byte[] bytes) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }
}
