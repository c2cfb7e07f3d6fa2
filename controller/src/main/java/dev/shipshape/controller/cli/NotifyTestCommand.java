package dev.shipshape.controller.cli;

import dev.shipshape.controller.notify.TestEvent;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;

@Command(name = "test", description = "Send a test event to every target of spec.notify (whatever its `on`) and say"
        + " which received it.%nExit codes: 0 every target received it, 1 otherwise (or no target).")
final class NotifyTestCommand extends ProjectCommand {
    @Override
    public Integer call() {
        ProjectContext project = file.load();
        if (project.desired().spec().notifications().isEmpty()) {
            throw new ShipshapeException(file.file + " has no spec.notify targets; add one (see docs/notifications.md),"
                    + " then run this again");
        }
        PrintWriter out = out();
        List<TestEvent.Result> results = TestEvent.send(project, Clock.systemUTC());
        for (TestEvent.Result r : results) {
            out.println(r.delivered() ? "ok      " + r.target() : "FAILED  " + r.target() + ": " + r.error());
        }
        long failed = results.stream().filter(r -> !r.delivered()).count();
        out.println(failed == 0 ? "every target received the test event"
                : failed + " of " + results.size() + " target(s) did not receive the test event");
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
