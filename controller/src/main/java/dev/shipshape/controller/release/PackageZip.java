package dev.shipshape.controller.release;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a package folder as a zip whose bytes depend only on the files' names and contents:
 * entries sorted by name, one fixed timestamp, no extra fields, folders implied by the paths.
 * The same package then gives the same sha256, so a rebuild never makes a new release by accident.
 */
final class PackageZip {
    /** The DOS date of every entry (DOS time cannot go before 1980); the same as examples/spacetech/build.sh. */
    static final LocalDateTime TIMESTAMP = LocalDateTime.of(2000, 1, 1, 0, 0);

    private PackageZip() {
    }

    /** Every regular file under {@code dir}, as '/'-separated relative names in byte order. */
    static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static void write(Path dir, OutputStream target) throws IOException {
        write(dir, Map.of(), target);
    }

    /** @param replaced bytes to write in place of some files' (the manifest with --var values filled in) */
    static void write(Path dir, Map<String, byte[]> replaced, OutputStream target) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(target);
        zip.setLevel(9);
        for (String name : entries(dir)) {
            ZipEntry entry = new ZipEntry(name);
            // setTimeLocal stores the DOS fields only: no time zone, no extended-timestamp field
            entry.setTimeLocal(TIMESTAMP);
            zip.putNextEntry(entry);
            if (replaced.containsKey(name)) {
                zip.write(replaced.get(name));
            } else {
                Files.copy(dir.resolve(name), zip);
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }
}
