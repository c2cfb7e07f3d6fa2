package dev.shipshape.reconcilers.export;

import dev.shipshape.reconcilers.files.AtomicFiles;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.config.ConfigTree;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.model.release.SecretSpec;
import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.ReconcileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * generated-secret.yaml: the secrets shipshape generated for a project. Existing values are never
 * regenerated and the existing bytes are never rewritten (an installation made by hand keeps its
 * passwords byte for byte); missing keys are appended as {@code key: "value"} lines.
 */
public final class GeneratedSecrets {
    private static final Logger LOG = LoggerFactory.getLogger(GeneratedSecrets.class);
    private static final String TEMP_PREFIX = ".generated-secret-";

    private final ConfigLoader config;
    private final SecretGenerator generator;

    public GeneratedSecrets(ConfigLoader config, SecretGenerator generator) {
        this.config = config;
        this.generator = generator;
    }

    /** Keys of the manifest's secrets that neither generated-secret.yaml nor user-secret gives a value. */
    public List<String> missing(ProjectPaths paths, ReleaseManifest manifest) {
        return missingSpecs(paths, manifest).stream().map(SecretSpec::key).toList();
    }

    /**
     * Generates every missing secret of {@code manifest} and appends it to generated-secret.yaml.
     * Does nothing (and does not touch the file) when none is missing.
     *
     * @return the keys that were added, never their values
     */
    public List<String> ensure(ProjectPaths paths, ReleaseManifest manifest) {
        removeCrashLeftovers(paths.projectDir());
        List<SecretSpec> missing = missingSpecs(paths, manifest);
        if (missing.isEmpty()) {
            return List.of();
        }
        Path file = paths.generatedSecret();
        if (Files.isSymbolicLink(file)) {
            throw new ReconcileException(file + " is a symbolic link; shipshape replaces this file atomically, which would"
                    + " break the link. Replace the link by the file it points to, then try again.", false);
        }
        byte[] existing = ProjectFiles.readOptional(file).orElse(new byte[0]);
        Map<String, String> added = new LinkedHashMap<>();
        for (SecretSpec spec : missing) {
            added.put(spec.key(), generator.generate(spec));
        }
        byte[] content = append(existing, manifest, added);
        verify(file, content, added);
        try {
            Files.createDirectories(paths.projectDir());
            AtomicFiles.replace(file, content, AtomicFiles.OWNER_ONLY, TEMP_PREFIX);
        } catch (IOException e) {
            throw new ExportIoException("cannot write " + file + " (" + e.getMessage() + "); check free space and"
                    + " that shipshape may write to " + paths.projectDir(), e);
        }
        List<String> keys = List.copyOf(added.keySet());
        LOG.info("generated secrets {} into {}", keys, file);
        return keys;
    }

    private List<SecretSpec> missingSpecs(ProjectPaths paths, ReleaseManifest manifest) {
        Map<String, Object> present = config.loadSecrets(paths);
        List<SecretSpec> out = new ArrayList<>();
        for (SecretSpec s : manifest.secrets()) {
            if (ConfigTree.get(present, s.key()) == null) {
                out.add(s);
            }
        }
        return out;
    }

    private static byte[] append(byte[] existing, ReleaseManifest manifest, Map<String, String> added) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(existing);
        StringBuilder sb = new StringBuilder();
        if (existing.length > 0 && existing[existing.length - 1] != '\n') {
            sb.append('\n');
        }
        sb.append("# added by shipshape for ").append(oneLine(manifest.product())).append(' ')
                .append(oneLine(manifest.version().toString())).append('\n');
        added.forEach((key, value) -> sb.append(key).append(": ").append(quote(value)).append('\n'));
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * Appending can only go wrong when the file already has an empty entry for a key (a duplicate
     * key) or is not a block mapping; check before anything is written, never after.
     */
    private static void verify(Path file, byte[] content, Map<String, String> added) {
        Map<String, Object> tree;
        try {
            tree = SecretYaml.parseGenerated(file.toString(), content);
        } catch (InvalidInputException e) {
            throw new ReconcileException("cannot add secrets " + added.keySet() + " to " + file + ": with them appended the"
                    + " file is no longer valid (" + e.getMessage() + "). Usually it already holds one of these keys without"
                    + " a value: give it a value or delete that line, then try again.", false);
        }
        added.forEach((key, value) -> {
            if (!value.equals(ConfigTree.get(tree, key))) {
                throw new ReconcileException("cannot add secret " + key + " to " + file + ": a later entry of the file"
                        + " would override the appended line. Give " + key + " a value in the file, then try again.", false);
            }
        });
    }

    private static void removeCrashLeftovers(Path projectDir) {
        if (!Files.isDirectory(projectDir)) {
            return;
        }
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(projectDir, TEMP_PREFIX + "*.tmp")) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new ExportIoException("cannot remove a leftover temporary secret file in " + projectDir + " ("
                    + e.getMessage() + "); delete files named " + TEMP_PREFIX + "*.tmp there", e);
        }
    }

    /** Generated values are letters, digits and base64 characters; quoting keeps YAML from typing them (e.g. 1e10). */
    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
