package dev.shipshape.reconcilers.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * An image tarball in {@code docker save} format ({@code .tar}, or gzip-compressed {@code .tar.gz} /
 * {@code .tgz}): the names it holds are read from its {@code manifest.json} (the {@code RepoTags}),
 * without loading it, so only the tarballs that hold a missing image are loaded into the engine.
 */
public record ImageTarball(Path file, Set<String> repoTags) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BLOCK = 512;
    /** manifest.json of a docker save is small; a larger one is not a docker save. */
    private static final long MANIFEST_LIMIT = 16L * 1024 * 1024;

    public ImageTarball {
        repoTags = Set.copyOf(repoTags);
    }

    public static boolean looksLikeTarball(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && (n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz"));
    }

    /** Reads the names a tarball holds; a file that is not a docker save holds none. */
    public static ImageTarball read(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return new ImageTarball(file, repoTags(in));
        }
    }

    /** The tarball's bytes as the engine's load takes them (the engine decompresses gzip itself). */
    public InputStream rawStream() throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".tar") ? raw : new GZIPInputStream(raw, 1 << 16);
    }

    /** Walks the tar headers until manifest.json; skips every other entry's content. */
    static Set<String> repoTags(InputStream in) throws IOException {
        Set<String> tags = new LinkedHashSet<>();
        byte[] header = new byte[BLOCK];
        while (readFully(in, header)) {
            if (isZero(header)) {
                break;
            }
            String name = string(header, 0, 100);
            String prefix = string(header, 345, 155);
            if (!prefix.isEmpty() && "ustar".equals(string(header, 257, 5))) {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12);
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            char type = (char) header[156];
            if ((name.equals("manifest.json") || name.equals("./manifest.json")) && (type == '0' || type == 0)) {
                if (size > MANIFEST_LIMIT) {
                    return tags;
                }
                byte[] body = in.readNBytes((int) size);
                JsonNode manifest = JSON.readTree(body);
                if (manifest != null && manifest.isArray()) {
                    for (JsonNode image : manifest) {
                        for (JsonNode tag : image.path("RepoTags")) {
                            tags.add(tag.asText());
                        }
                    }
                }
                return tags;
            }
            in.skipNBytes(padded);
        }
        return tags;
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int n = in.readNBytes(b, 0, b.length);
        return n == b.length;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8).trim();
    }

    private static long octal(byte[] b, int off, int len) {
        String s = string(b, off, len);
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }
}
