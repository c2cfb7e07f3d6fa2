package dev.shipshape.model.desired;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Yaml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A parsed desired-state file and where it lives: relative paths in it are relative to its folder.
 *
 * @param generation sha256 of the file's bytes: changes exactly when the desired state does
 */
public record DesiredFile(Path path, DesiredServer server, String generation) {

    /**
     * Parses the text of a desired file; pure, so the caller decides how the bytes were read. A file with
     * problems is refused with an {@link dev.shipshape.model.InvalidFileException} listing all of them.
     */
    public static DesiredFile parse(Path path, String text) {
        return parse(path, text, false);
    }

    /**
     * As {@link #parse(Path, String)}; unless {@code allowPathsOutside} (the operator's
     * {@value LocalPaths#ALLOW_FLAG}), a file path it names outside its own folder is refused ({@link LocalPaths}).
     */
    public static DesiredFile parse(Path path, String text, boolean allowPathsOutside) {
        DesiredFile file = parseUnconfined(path, text);
        if (!allowPathsOutside) {
            LocalPaths.requireInside(file);
        }
        return file;
    }

    private static DesiredFile parseUnconfined(Path path, String text) {
        DesiredFileValidator.check(path.toString(), text);
        DesiredServer server = dev.shipshape.model.YamlTree.bind(path.toString(), text, DesiredServer.class);
        Path projectDir = Path.of(server.spec().projectDir());
        if (projectDir.isAbsolute() || projectDir.normalize().startsWith("..")) {
            throw new InvalidInputException(path.toString(), "spec.projectDir",
                    "'" + server.spec().projectDir() + "' must be a folder inside the folder of this file (no absolute path, no '..')");
        }
        return new DesiredFile(path, server, sha256(text));
    }

    /**
     * The same file aiming at {@code target} in place of spec.version (what an update policy chose); its
     * generation stays the file's, so a failed rollout and an approval stay tied to the file as written.
     */
    public DesiredFile retargeted(dev.shipshape.model.Version target) {
        if (target.equals(spec().version())) {
            return this;
        }
        return new DesiredFile(path, new DesiredServer(server.apiVersion(), server.kind(), server.metadata(),
                server.spec().withVersion(target)), generation);
    }

    public Path baseDir() {
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    public Path projectDir() {
        return baseDir().resolve(server.spec().projectDir()).normalize();
    }

    public String project() {
        return server.project();
    }

    public ServerSpec spec() {
        return server.spec();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
