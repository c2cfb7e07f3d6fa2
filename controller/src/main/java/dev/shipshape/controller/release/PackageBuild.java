package dev.shipshape.controller.release;

import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.release.ReleaseManifest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code shipshape release build}: the zip a server downloads, its {@code .sha256} and, with a key,
 * its {@code .sig}. The caller checks the package first; this only writes.
 */
public final class PackageBuild {
    private static final String PLATFORM = "-linux-x64-";

    private PackageBuild() {
    }

    /**
     * {@code <product>-server-linux-x64-<version>.zip}. A product already named {@code …-server} (as the
     * example's spacetech-server) is not given a second suffix, so the name is the one its sources point at.
     */
    public static String zipName(ReleaseManifest manifest) {
        String product = manifest.product().endsWith("-server") ? manifest.product() : manifest.product() + "-server";
        return product + PLATFORM + manifest.version() + ".zip";
    }

    /**
     * Writes the zip and its companions into {@code out}, each through a temporary file renamed into place,
     * so an interrupted build never leaves a zip whose checksum does not match.
     *
     * @param keyPem the vendor's Ed25519 private key (PKCS#8 PEM), or null for no signature
     * @return the files written
     */
    public static List<Path> build(Path dir, PackageCheck.Result checked, Path out, String keyPem, String keySource)
            throws IOException {
        if (!checked.ok()) {
            throw new IllegalArgumentException("a package that fails release check is never built");
        }
        ReleaseManifest manifest = checked.manifest();
        PackageSigner signer = keyPem == null ? null : PackageSigner.fromPem(keyPem, keySource);
        Path realDir = dir.toRealPath();
        Files.createDirectories(out);
        if (out.toRealPath().startsWith(realDir)) {
            throw new ShipshapeException("--out " + out + " is inside the package folder " + dir
                    + ": the zip would end up in the next build; write it elsewhere (e.g. --out dist)");
        }
        String name = zipName(manifest);
        Path zip = out.resolve(name);
        // the manifest as checked: with the --var values filled in, the rest byte for byte
        String sha256 = writeZip(realDir, Map.of(ReleaseManifest.FILE, checked.manifestText().getBytes(StandardCharsets.UTF_8)), zip);
        List<Path> written = new ArrayList<>(List.of(zip));
        // sha256sum's format, which the download side (ChecksumFile) reads
        written.add(writeText(out.resolve(name + ".sha256"), sha256 + "  " + name + "\n"));
        if (signer != null) {
            written.add(writeText(out.resolve(name + ".sig"), signer.sign(sha256)));
        }
        return written;
    }

    private static String writeZip(Path dir, Map<String, byte[]> replaced, Path zip) throws IOException {
        Path temp = zip.resolveSibling(zip.getFileName() + ".part");
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (OutputStream file = Files.newOutputStream(temp); DigestOutputStream hashing = new DigestOutputStream(file, digest)) {
            PackageZip.write(dir, replaced, hashing);
        }
        Files.move(temp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Path writeText(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
