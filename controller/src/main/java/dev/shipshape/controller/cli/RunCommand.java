package dev.shipshape.controller.cli;

import dev.shipshape.controller.Controller;
import dev.shipshape.model.GoDuration;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "run", description = "The continuous controller: keeps the server at the desired state, heals drift,"
        + " follows edits of the file. Serves /healthz, /readyz, /status and /metrics. Runs until stopped (SIGTERM"
        + " lets the running action finish or stop at a safe point; the next start resumes).")
final class RunCommand implements Callable<Integer> {
    @Mixin
    DesiredFileOption file;

    @Option(names = "--port", defaultValue = "9464", description = "HTTP port of the endpoints (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "address of the endpoints (default ${DEFAULT-VALUE}); they have no authentication, so any"
                    + " other address is an explicit opt-in")
    String bind;

    @Option(names = "--resync", defaultValue = "30s", description = "reconcile at least this often (default ${DEFAULT-VALUE})")
    String resync;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ProjectContext project = file.load();
        Duration every;
        try {
            every = GoDuration.parse(resync);
        } catch (IllegalArgumentException e) {
            throw new ShipshapeException("--resync: " + e.getMessage());
        }
        Controller controller = Injection.controllerInjector().getInstance(Controller.class);
        controller.start(new Controller.Settings(file.file.toAbsolutePath(), bind, port, every, Duration.ofSeconds(60)),
                project.desired());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            controller.close();
            stopped.countDown();
        }, "shipshape-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("shipshape run: controlling project %s from %s%n  endpoints: http://%s:%d/healthz /readyz /status /metrics%n",
                project.project(), file.file, bind, controller.port());
        out.flush();
        stopped.await();
        return 0;
    }
}
