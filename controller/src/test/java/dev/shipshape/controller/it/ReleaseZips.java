package dev.shipshape.controller.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds a release zip in memory from a folder of examples/spacetech/release/, as build.sh does, with a rewritten manifest. */
final class ReleaseZips {
    private ReleaseZips() {
    }

    /**
     * The zip of {@code releaseDir}: every file at its relative path, in a fixed order, with
     * {@code manifest.yaml} passed through {@code manifest} first (to substitute {@code ${REGISTRY}}).
     */
    static byte[] zip(Path releaseDir, UnaryOperator<String> manifest) {
        return zip(releaseDir, java.util.Map.of("manifest.yaml", manifest));
    }

    /**
     * The zip of {@code releaseDir}, each file named in {@code rewrites} (by its path in the zip) passed
     * through its function: a test's own variant of a release, e.g. with another version and command.
     */
    static byte[] zip(Path releaseDir, java.util.Map<String, UnaryOperator<String>> rewrites) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Stream<Path> walk = Files.walk(releaseDir); ZipOutputStream zip = new ZipOutputStream(bytes)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                String name = releaseDir.relativize(file).toString().replace('\\', '/');
                byte[] content = Files.readAllBytes(file);
                if (rewrites.containsKey(name)) {
                    String rewritten = rewrites.get(name).apply(new String(content, StandardCharsets.UTF_8));
                    if (rewritten.contains("${REGISTRY}")) {
                        throw new IllegalStateException("unsubstituted ${REGISTRY} left in the manifest of " + releaseDir);
                    }
                    content = rewritten.getBytes(StandardCharsets.UTF_8);
                }
                ZipEntry entry = new ZipEntry(name);
                entry.setTime(946_684_800_000L); // 2000-01-01, like build.sh: the same input gives the same zip
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The {@code .sha256} file of a zip, in sha256sum's format. */
    /**
     * Serves the example's release {@code version} through {@code releases}, under its usual file
     * names, with the images of the {@code moved} services in {@code registry} and the others in the
     * main test registry.
     */
    static void serveWithImagesIn(ReleaseServer releases, String version, PrivateRegistry registry, List<String> moved) {
        serveWithImagesIn(releases, version, registry.address(), moved);
    }

    /** As above, with the images of the {@code moved} services at the registry {@code host:port}. */
    static void serveWithImagesIn(ReleaseServer releases, String version, String registryAddress, List<String> moved) {
        String name = "spacetech-server-linux-x64-" + version + ".zip";
        byte[] zip = zip(TestEnvironment.repoRoot().resolve("examples/spacetech/release/" + version), manifest -> {
            StringBuilder out = new StringBuilder();
            for (String line : manifest.split("\n", -1)) {
                boolean inPrivate = moved.stream().anyMatch(s -> line.trim().startsWith(s + ":"));
                out.append(line.replace("${REGISTRY}", inPrivate ? registryAddress : TestEnvironment.registry())).append('\n');
            }
            return out.substring(0, out.length() - 1);
        });
        releases.override(name, zip);
        releases.override(name + ".sha256", sha256File(zip, name));
    }

    static byte[] sha256File(byte[] zip, String zipName) {
        try {
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
            return (hex + "  " + zipName + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
