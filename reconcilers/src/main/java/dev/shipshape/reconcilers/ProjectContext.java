package dev.shipshape.reconcilers;

import dev.shipshape.model.desired.DesiredFile;

/**
 * The project a reconciliation works on: its desired file, its folders, and the way to ask the
 * reconciliation to stop early (the desired file changed, or the controller is shutting down).
 */
public record ProjectContext(DesiredFile desired, ProjectPaths paths, Cancellation cancellation) {
    public static ProjectContext of(DesiredFile desired) {
        return of(desired, Cancellation.none());
    }

    public static ProjectContext of(DesiredFile desired, Cancellation cancellation) {
        return new ProjectContext(desired, new ProjectPaths(desired.projectDir()), cancellation);
    }

    public String project() {
        return desired.project();
    }
}
