package dev.shipshape.controller.cli;

import com.google.inject.Injector;
import dev.shipshape.controller.updates.ReleaseUpdates;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.desired.Updates;
import dev.shipshape.model.rollout.Approval;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;

@Command(name = "approve", description = "Approve the change that waits for approval (spec.rollout.approval: required, or a"
        + " release spec.updates found with mode: approve): records an approval of exactly that target — its version and"
        + " the desired file as it is now — in the project's .shipshape folder; shipshape run rolls it out at its next"
        + " pass. A changed desired file or a newer release needs a new approval.")
final class ApproveCommand extends ProjectCommand {
    @Option(names = "--version", paramLabel = "V", description = "the version you approve; refused unless it is the one"
            + " that waits (see shipshape plan). Default: the one that waits")
    String version;

    @Override
    public Integer call() {
        ProjectContext project = file.load();
        Injector injector = Injection.injector();
        DesiredFile desired = project.desired();
        Updates updates = desired.spec().updates();
        boolean approveMode = updates != null && updates.mode() == Updates.Mode.APPROVE;
        if (!approveMode && !desired.spec().rollout().approvalRequired()) {
            throw new ShipshapeException(file.file + " asks for no approval: set spec.rollout.approval: required (every"
                    + " change that restarts services waits) or spec.updates.mode: approve (new releases wait), then approve");
        }
        ReleaseUpdates.Effective effective = injector.getInstance(ReleaseUpdates.class).effective(desired, false);
        Version waiting = approveMode && effective.choice().pending() != null ? effective.choice().pending()
                : effective.file().spec().version();
        String generation = desired.generation().substring(0, 12);
        if (version != null && !Version.parse(version).sameAs(waiting)) {
            throw new ShipshapeException("--version " + version + " is not what waits for approval: the plan of " + file.file
                    + " (desired file " + generation + ") targets " + waiting + ". Run shipshape plan -f " + file.file
                    + " to see it, then shipshape approve -f " + file.file + " --version " + waiting
                    + "; to approve another version, set spec.version to it first");
        }
        Clock clock = injector.getInstance(Clock.class);
        project.records().approval().write(new Approval(waiting, desired.generation(), clock.instant()));
        out().printf("approved %s of project %s for desired file %s; shipshape run rolls it out at its next pass"
                + " (a changed desired file or a newer release needs a new approval)%n", waiting, project.project(), generation);
        out().flush();
        return 0;
    }
}
