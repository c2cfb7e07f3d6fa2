package dev.shipshape.controller.doctor;

import dev.shipshape.model.release.ImageRef;
import dev.shipshape.reconcilers.docker.EngineApi;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file systems of the project folder and of Docker's data root have room for the package and
 * the images still to pull: (package size, or 100 MiB when unknown) + (500 MiB per image not present
 * locally), at least 1 GiB. Less than that free fails; less than twice that warns.
 */
final class DiskSpaceCheck extends NamedCheck {
    static final String NAME = "disk-space";
    static final long MIB = 1024L * 1024;
    static final long GIB = 1024 * MIB;
    static final long UNKNOWN_PACKAGE = 100 * MIB;
    static final long UNKNOWN_IMAGE = 500 * MIB;
    static final long FLOOR = GIB;

    DiskSpaceCheck() {
        super(NAME);
    }

    @Override
    public CheckResult run(DoctorContext context) {
        long packageBytes;
        String packageText;
        if (context.store.dir(context.version()).isPresent()) {
            packageBytes = 0;
            packageText = "package already downloaded";
        } else {
            long size = context.sourceProbe().size();
            packageBytes = size > 0 ? size : UNKNOWN_PACKAGE;
            packageText = "package " + Problems.bytes(packageBytes) + (size > 0 ? "" : " (size unknown)");
        }
        long imageBytes;
        String imageText;
        DoctorContext.Target target = context.target();
        if (target.manifest() == null) {
            imageBytes = UNKNOWN_IMAGE;
            imageText = "images " + Problems.bytes(imageBytes) + " (not known before the download)";
        } else {
            int missing = 0;
            for (ImageRef ref : context.images(target.manifest()).values()) {
                if (!context.present(ref)) {
                    missing++;
                }
            }
            imageBytes = missing * UNKNOWN_IMAGE;
            imageText = missing + " image" + (missing == 1 ? "" : "s") + " to pull (" + Problems.bytes(UNKNOWN_IMAGE) + " each)";
        }
        long need = Math.max(FLOOR, packageBytes + imageBytes);
        String needText = "needs " + Problems.bytes(need) + " (" + packageText + ", " + imageText + ", at least "
                + Problems.bytes(FLOOR) + ")";

        Map<String, Path> places = new LinkedHashMap<>();
        places.put("project folder", existingAncestor(context.project.paths().projectDir()));
        List<String> notes = new ArrayList<>();
        if (context.engineAnswers()) {
            try {
                // the one field needed, read without binding the engine's whole info
                String root = new EngineApi(context.docker).tree("/info").path("DockerRootDir").textValue();
                if (root != null && Files.isDirectory(Path.of(root))) {
                    places.put("Docker data root", Path.of(root));
                } else if (root != null) {
                    notes.add("Docker's data root " + root + " is not visible from here and was not checked");
                }
            } catch (RuntimeException e) {
                notes.add("Docker's data root is unknown (" + Problems.describe(e) + ")");
            }
        }

        Status worst = Status.OK;
        List<String> found = new ArrayList<>();
        List<FileStore> seen = new ArrayList<>();
        Path tightest = null;
        for (Map.Entry<String, Path> place : places.entrySet()) {
            Path path = place.getValue();
            if (path == null) {
                continue;
            }
            long free;
            try {
                FileStore store = Files.getFileStore(path);
                if (seen.contains(store)) {
                    continue;
                }
                seen.add(store);
                free = store.getUsableSpace();
            } catch (IOException e) {
                notes.add("cannot read the free space of " + path + " (" + Problems.describe(e) + ")");
                continue;
            }
            Status status = free < need ? Status.FAIL : free < 2 * need ? Status.WARN : Status.OK;
            if (status.compareTo(worst) > 0) {
                worst = status;
                tightest = path;
            }
            found.add(place.getKey() + " " + path + ": " + Problems.bytes(free) + " free");
        }
        String detail = String.join("; ", found) + "; " + needText + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        return switch (worst) {
            case OK -> CheckResult.ok(NAME, detail);
            case WARN -> CheckResult.warn(NAME, "little room: " + detail, "free space on " + tightest
                    + " soon (docker image prune removes unused images)");
            case FAIL -> CheckResult.fail(NAME, "not enough room: " + detail, "free space on " + tightest
                    + " (docker image prune removes unused images), or move the project to a larger disk");
        };
    }

    private static Path existingAncestor(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }
}
