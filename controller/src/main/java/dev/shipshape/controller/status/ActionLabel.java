package dev.shipshape.controller.status;

import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.ExportRelease;
import dev.shipshape.model.plan.PullImages;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.plan.RemoveContainer;
import dev.shipshape.model.plan.RunJob;
import dev.shipshape.model.plan.RestoreSnapshot;
import dev.shipshape.model.plan.TakeSnapshot;
import dev.shipshape.model.release.ImageRef;

import java.util.stream.Collectors;

/**
 * A short {@code "kind target"} name of an action for the run history ({@code "recreate web"},
 * {@code "download 1.1.0"}). Shorter than {@link Action#describe()}: ten runs of full descriptions
 * would bury the conditions, and the target alone is what people scan for.
 */
public final class ActionLabel {
    private ActionLabel() {
    }

    public static String of(Action action) {
        String target = target(action);
        return target.isEmpty() ? action.kind() : action.kind() + " " + target;
    }

    private static String target(Action action) {
        // Java 17 has no pattern switch; an action kind added later without a case here shows its kind alone.
        if (action.service() != null) {
            return action.service();
        }
        if (action instanceof RemoveContainer a) {
            return a.name();
        }
        if (action instanceof DownloadRelease a) {
            return a.version().toString();
        }
        if (action instanceof ExportRelease a) {
            return a.version().toString();
        }
        if (action instanceof RecordInstalled a) {
            return a.version().toString();
        }
        if (action instanceof RunJob a) {
            return a.job().name();
        }
        if (action instanceof TakeSnapshot a) {
            return String.join(",", new java.util.TreeSet<>(a.volumes().keySet()));
        }
        if (action instanceof RestoreSnapshot a) {
            return a.snapshotId();
        }
        if (action instanceof PullImages a) {
            return a.images().stream().map(ImageRef::toString).collect(Collectors.joining(","));
        }
        return "";
    }
}
