package dev.shipshape.reconcilers.state;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.Source;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.reconcilers.files.FileTrees;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.download.ReleaseFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps the package store small: the installed version and the previous one (what a rollback
 * needs), plus the package of spec.version when that is another one; older packages and stale
 * downloads are removed. Run after a successful {@code RecordInstalled}.
 *
 * <p>Never removes a version that the last two entries of the installed history name, whatever
 * the caller says. A package folder is first renamed to a dot-folder (which the store ignores) and
 * then deleted, so a crash half-way never leaves a store folder that looks complete but is not;
 * the next prune removes such leftovers.
 */
public final class PackagePruner {
    private static final Logger LOG = LoggerFactory.getLogger(PackagePruner.class);
    static final String PRUNE_PREFIX = ".prune-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProjectPaths paths;

    public PackagePruner(ProjectPaths paths) {
        this.paths = paths;
    }

    /**
     * The versions to keep: the installed one, the previous installed one, the versions of the
     * last two history entries, and {@code wanted} (spec.version) when not null.
     */
    public static Set<Version> keep(InstalledRecord record, Version previous, Version wanted) {
        Set<Version> keep = new LinkedHashSet<>();
        if (record != null) {
            keep.add(record.version());
            List<InstalledRecord.Entry> h = record.history();
            for (int i = Math.max(0, h.size() - 2); i < h.size(); i++) {
                keep.add(h.get(i).version());
            }
            // the newest entry naming another version: the one a rollback goes back to
            for (int i = h.size() - 1; i >= 0; i--) {
                if (!h.get(i).version().sameAs(record.version())) {
                    keep.add(h.get(i).version());
                    break;
                }
            }
        }
        if (previous != null) {
            keep.add(previous);
        }
        if (wanted != null) {
            keep.add(wanted);
        }
        return keep;
    }

    /**
     * Removes every stored package not in {@link #keep}, and the files in {@code downloads/} that
     * are not the zip (or partial download) of a kept version under {@code source}.
     *
     * @return the versions removed
     */
    public Set<Version> prune(InstalledRecord record, Version previous, Version wanted, Source source) throws IOException {
        Set<Version> keep = keep(record, previous, wanted);
        Set<Version> removed = new TreeSet<>();
        removeLeftovers();
        for (Version v : new PackageStore(paths).versions()) {
            if (keep.stream().anyMatch(k -> k.sameAs(v))) {
                continue;
            }
            Path dir = paths.packageDir(v);
            Path aside = paths.packages().resolve(PRUNE_PREFIX + v + "-" + random());
            Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.deleteRecursively(aside);
            removed.add(v);
            LOG.info("removed release {} from the package store {} (keeping {})", v, paths.packages(), keep);
        }
        pruneDownloads(keep, source);
        return removed;
    }

    private void removeLeftovers() throws IOException {
        if (!Files.isDirectory(paths.packages())) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(paths.packages(),
                p -> p.getFileName().toString().startsWith(PRUNE_PREFIX))) {
            for (Path d : dirs) {
                FileTrees.deleteRecursively(d);
            }
        }
    }

    private void pruneDownloads(Set<Version> keep, Source source) throws IOException {
        Path downloads = paths.downloads();
        if (!Files.isDirectory(downloads)) {
            return;
        }
        Set<String> kept = new LinkedHashSet<>();
        if (source != null) {
            for (Version v : keep) {
                String zip = ReleaseFetcher.zipName(source.urlFor(v), v);
                kept.add(zip);
                kept.add(ReleaseFetcher.partFile(Path.of(zip)).getFileName().toString());
            }
        }
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(downloads)) {
            for (Path f : files) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !kept.contains(f.getFileName().toString())) {
                    stale.add(f);
                }
            }
        }
        for (Path f : stale) {
            Files.deleteIfExists(f);
            LOG.info("removed the stale download {}", f);
        }
    }

    private static String random() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
