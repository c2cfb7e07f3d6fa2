package dev.shipshape.controller.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project folder exists or can be created, and shipshape may write in it. */
final class ProjectFolderCheck extends NamedCheck {
    static final String NAME = "project-folder";

    ProjectFolderCheck() {
        super(NAME);
    }

    @Override
    public CheckResult run(DoctorContext context) {
        Path dir = context.project.paths().projectDir();
        String fix = "make " + dir + " (or the folder it is created in) writable for user " + System.getProperty("user.name")
                + ", or change spec.projectDir";
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return CheckResult.fail(NAME, dir + " exists but is not a folder", "move that file away or change spec.projectDir");
        }
        Path probeIn = dir;
        while (probeIn != null && !Files.exists(probeIn)) {
            probeIn = probeIn.getParent();
        }
        if (probeIn == null || !Files.isDirectory(probeIn)) {
            return CheckResult.fail(NAME, "no existing folder above " + dir + " to create it in", fix);
        }
        try {
            Path probe = Files.createTempFile(probeIn, ".shipshape-doctor-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            return CheckResult.fail(NAME, "cannot write in " + probeIn + " (" + Problems.describe(e) + ")", fix);
        }
        return CheckResult.ok(NAME, probeIn.equals(dir) ? dir + " is writable"
                : dir + " does not exist yet and can be created in " + probeIn);
    }
}
