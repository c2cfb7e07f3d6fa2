package dev.shipshape.reconcilers.diff;

import dev.shipshape.model.Version;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.export.ConfigLoader;
import dev.shipshape.reconcilers.export.ExportIoException;
import dev.shipshape.reconcilers.export.GeneratedSecrets;
import dev.shipshape.reconcilers.export.ReleaseRenderer;
import dev.shipshape.model.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code shipshape diff} shows: the export folder on disk (what the installed version runs
 * with) against what the export of the target version would write now, as a unified diff with
 * every secret masked (see {@link SecretMask}). Renders in memory with the export's own renderer
 * and changes nothing on disk.
 */
public final class ExportDiff {
    private static final Logger LOG = LoggerFactory.getLogger(ExportDiff.class);

    private final ConfigLoader config;
    private final GeneratedSecrets secrets;
    private final ReleaseRenderer renderer;

    public ExportDiff(ConfigLoader config, GeneratedSecrets secrets, ReleaseRenderer renderer) {
        this.config = config;
        this.secrets = secrets;
        this.renderer = renderer;
    }

    /**
     * @param paths          the files that differ, sorted
     * @param text           the unified diff, empty when nothing differs
     * @param changedSecrets keys (never values) of secrets whose value changes
     * @param newSecrets     keys of secrets the export would generate
     */
    public record Result(List<String> paths, String text, Set<String> changedSecrets, List<String> newSecrets) {
        public boolean differs() {
            return !paths.isEmpty();
        }
    }

    /**
     * @param target    the version the desired state asks for; its package must be in the store
     * @param installed the installed version, or null before the first install
     */
    public Result diff(ProjectContext project, Version target, Version installed, int context) {
        ProjectPaths paths = project.paths();
        PackageStore store = new PackageStore(paths);
        ReleaseManifest manifest = store.manifest(target).orElseThrow(() -> new ReconcileException("release " + target
                + " is not in the package store; download it first (`shipshape export` or `shipshape diff` do)", false));
        Map<String, Object> secretTree = config.loadSecrets(paths);
        List<String> missing = secrets.missing(paths, manifest);
        SecretMarkers markers = SecretMarkers.of(secretTree, missing);
        SortedMap<String, byte[]> desired = renderer.renderFilesWith(project, store, target, markers.overlay());
        Map<String, byte[]> installedTemplates = installedTemplates(project, store, installed, target, markers);

        Map<String, String> current = new TreeMap<>();
        flatten(secretTree, "", current);
        List<String> others = new ArrayList<>();
        collect(secretTree, others);
        collect(ConfigLoader.userSecretRaw(paths), others);
        SecretMask mask = new SecretMask(markers, current, missing, others);

        SortedMap<String, byte[]> onDisk = read(paths.export());
        Set<String> all = new TreeSet<>(onDisk.keySet());
        all.addAll(desired.keySet());
        // The installed side first: it tells which secrets change, which the desired side then labels.
        Map<String, List<String>> installedLines = new LinkedHashMap<>();
        for (String path : all) {
            byte[] bytes = onDisk.get(path);
            List<String> lines = bytes == null ? List.of() : lines(bytes);
            if (lines != null) {
                List<List<String>> templates = new ArrayList<>();
                for (byte[] t : new byte[][] {desired.get(path), installedTemplates.get(path)}) {
                    List<String> tl = t == null ? null : lines(t);
                    if (tl != null) {
                        templates.add(tl);
                    }
                }
                installedLines.put(path, mask.maskInstalled(lines, templates));
            }
        }
        StringBuilder text = new StringBuilder();
        List<String> differing = new ArrayList<>();
        String oldSuffix = installed == null ? " (on disk)" : " (installed " + installed + ")";
        String newSuffix = " (desired " + target + ")";
        for (String path : all) {
            byte[] oldBytes = onDisk.get(path);
            byte[] newBytes = desired.get(path);
            List<String> oldLines = installedLines.get(path);
            List<String> newLines = newBytes == null ? List.of() : lines(newBytes);
            String oldLabel = oldBytes == null ? "/dev/null" : "export/" + path + oldSuffix;
            String newLabel = newBytes == null ? "/dev/null" : "export/" + path + newSuffix;
            if (oldLines == null || newLines == null) {
                // Binary content is never printed: it may hold anything.
                if (!sameBinary(oldBytes, newBytes)) {
                    text.append("Binary files ").append(oldLabel).append(" and ").append(newLabel).append(" differ\n");
                    differing.add(path);
                }
                continue;
            }
            String hunks = UnifiedDiff.format(oldLabel, newLabel, oldLines, mask.maskDesired(newLines), context);
            if (!hunks.isEmpty()) {
                text.append(hunks);
                differing.add(path);
            }
        }
        return new Result(differing, text.toString(), mask.changedKeys(), missing);
    }

    /** The installed release rendered with markers: where its secrets sat in the export on disk. */
    private Map<String, byte[]> installedTemplates(ProjectContext project, PackageStore store, Version installed,
                                                   Version target, SecretMarkers markers) {
        if (installed == null || installed.equals(target) || store.dir(installed).isEmpty()) {
            return Map.of();
        }
        try {
            return renderer.renderFilesWith(project, store, installed, markers.overlay());
        } catch (InvalidInputException | ReconcileException e) {
            // Only a hint for masking (the target's rendering and the values still mask): carry on without it.
            LOG.debug("cannot render the installed release {} for masking: {}", installed, e.getClass().getSimpleName());
            return Map.of();
        }
    }

    private static boolean sameBinary(byte[] a, byte[] b) {
        return a != null && b != null && Arrays.equals(a, b);
    }

    /** Lines of UTF-8 text without their line ends, or null for content that is not UTF-8 text. */
    static List<String> lines(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            return null;
        }
        List<String> out = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** The export folder's files by '/'-separated relative path; links and special files as a note, never followed. */
    static SortedMap<String, byte[]> read(Path exportDir) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        if (!Files.isDirectory(exportDir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try {
            Files.walkFileTree(exportDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    List<String> parts = new ArrayList<>();
                    exportDir.relativize(file).forEach(p -> parts.add(p.toString()));
                    String path = String.join("/", parts);
                    out.put(path, attrs.isRegularFile() ? Files.readAllBytes(file)
                            : "(not a regular file: a link or a special file)\n".getBytes(StandardCharsets.UTF_8));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ExportIoException("cannot read the export folder " + exportDir + " (" + e.getMessage()
                    + "); check that shipshape may read it", e);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(Map<String, Object> tree, String prefix, Map<String, String> out) {
        tree.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m) {
                flatten((Map<String, Object>) m, key, out);
            } else if (v instanceof List<?> l) {
                for (Object item : l) {
                    if (item instanceof Map<?, ?> m) {
                        flatten((Map<String, Object>) m, key, out);
                    } else if (item != null) {
                        out.putIfAbsent(key, item.toString());
                    }
                }
            } else if (v != null) {
                out.put(key, v.toString());
            }
        });
    }

    private static void collect(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        } else if (node != null) {
            out.add(node.toString());
        }
    }
}
