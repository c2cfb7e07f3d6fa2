package dev.shipshape.reconcilers.export;

import dev.shipshape.model.config.ConfigHash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What is in a project's export folder on disk, hashed exactly like
 * {@link dev.shipshape.model.desired.RenderedRelease#exportHash()}, so the planner sees "export up
 * to date" exactly when the folder holds what the release renders to.
 */
public final class ExportFolder {
    private ExportFolder() {
    }

    /** The export hash of {@code exportDir}, or null when there is no export folder. */
    public static String hash(Path exportDir) {
        SortedMap<String, String> digests = digests(exportDir);
        return digests == null ? null : ConfigHash.ofFiles(digests);
    }

    /**
     * sha256 of every file by '/'-separated path relative to {@code exportDir}, or null when there
     * is no export folder. Links and special files get a digest no rendered file can have, so a
     * hand-made change of that kind makes the export look out of date and it is rewritten.
     */
    public static SortedMap<String, String> digests(Path exportDir) {
        if (!Files.exists(exportDir, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        SortedMap<String, String> out = new TreeMap<>();
        try {
            Files.walkFileTree(exportDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String path = relative(exportDir, file);
                    if (attrs.isRegularFile()) {
                        out.put(path, ConfigHash.sha256(Files.readAllBytes(file)));
                    } else if (attrs.isSymbolicLink()) {
                        out.put(path, "link:" + ConfigHash.sha256(Files.readSymbolicLink(file).toString()
                                .getBytes(StandardCharsets.UTF_8)));
                    } else {
                        out.put(path, "special");
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ExportIoException("cannot read the export folder " + exportDir + " (" + e.getMessage() + ")", e);
        }
        return out;
    }

    private static String relative(Path dir, Path file) {
        List<String> parts = new ArrayList<>();
        dir.relativize(file).forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    /** The hash of files rendered in memory, equal to {@link #hash} of a folder holding exactly them. */
    public static String hashOf(Map<String, byte[]> files) {
        Map<String, String> digests = new TreeMap<>();
        files.forEach((path, bytes) -> digests.put(path, ConfigHash.sha256(bytes)));
        return ConfigHash.ofFiles(digests);
    }
}
