package dev.shipshape.reconcilers;

import dev.shipshape.model.desired.DesiredFile;

/** The project a reconciliation works on: its desired file and its folders. */
public record ProjectContext(DesiredFile desired, ProjectPaths paths) {
    public static ProjectContext of(DesiredFile desired) {
        return new ProjectContext(desired, new ProjectPaths(desired.projectDir()));
    }

    public String project() {
        return desired.project();
    }
}
