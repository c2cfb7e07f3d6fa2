package dev.shipshape.reconcilers;

import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.files.StateFiles;

import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.reconcilers.records.ProjectRecords;

/**
 * The project a reconciliation works on: its desired file, its folders, the records shipshape
 * keeps of it, and the way to ask the reconciliation to stop early (the desired file changed, or
 * the controller is shutting down).
 */
public record ProjectContext(DesiredFile desired, ProjectPaths paths, Cancellation cancellation, ProjectRecords records) {
    public ProjectContext {
        // the records must be those of this project's folder: a mix-up would write one project's state into another's
        if (records != null && paths != null && !records.paths().equals(paths)) {
            throw new IllegalArgumentException("the records of " + records.paths().projectDir()
                    + " do not belong to the project folder " + paths.projectDir());
        }
    }

    /** A context whose records are those under {@code paths} (none when paths is null, as in tests that need no files). */
    public ProjectContext(DesiredFile desired, ProjectPaths paths, Cancellation cancellation) {
        this(desired, paths, cancellation, paths == null ? null : new ProjectRecords(paths));
    }

    public static ProjectContext of(DesiredFile desired) {
        return of(desired, Cancellation.none());
    }

    public static ProjectContext of(DesiredFile desired, Cancellation cancellation) {
        // the real path, not only the text: a link inside the base folder may lead anywhere
        return new ProjectContext(desired, new ProjectPaths(StateFiles.containedProjectDir(desired)), cancellation);
    }

    public String project() {
        return desired.project();
    }
}
