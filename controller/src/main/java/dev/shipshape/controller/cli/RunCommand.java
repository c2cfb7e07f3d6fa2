package dev.shipshape.controller.cli;

import com.google.inject.Injector;
import dev.shipshape.controller.http.TriggerToken;
import dev.shipshape.controller.loop.Controller;
import dev.shipshape.controller.metrics.GitMetrics;
import dev.shipshape.controller.source.DesiredRead;
import dev.shipshape.controller.source.DesiredSource;
import dev.shipshape.controller.source.FileSource;
import dev.shipshape.controller.source.git.GitFetchException;
import dev.shipshape.controller.source.git.GitSettings;
import dev.shipshape.controller.source.git.GitSource;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.desired.DesiredFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "run", description = "The continuous controller: keeps the server at the desired state, heals drift,"
        + " follows edits of the file (-f) or the commits of a Git branch (--git). Serves /healthz, /readyz, /status and"
        + " /metrics. Runs until stopped (SIGTERM lets the running action finish or stop at a safe point; the next start"
        + " resumes).")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "the desired-state file (YAML); or use --git")
    Path file;

    @Mixin
    GitOptions git;

    @Option(names = "--port", defaultValue = "9464", description = "HTTP port of the endpoints (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "address of the endpoints (default ${DEFAULT-VALUE}); they have no authentication, so any"
                    + " other address is an explicit opt-in")
    String bind;

    @Option(names = "--resync", defaultValue = "30s", description = "reconcile at least this often (default ${DEFAULT-VALUE})")
    String resync;

    @Option(names = "--allow-trigger", description = "serve POST /trigger: look for a new desired state now (with --git:"
            + " fetch), e.g. from a webhook relayed by a local reverse proxy. Off by default: it is the one request"
            + " that makes the controller do something")
    boolean allowTrigger;

    @Option(names = "--trigger-token-file", paramLabel = "FILE", description = "with --allow-trigger: POST /trigger must"
            + " carry the token in FILE as 'Authorization: Bearer <token>' (compared in constant time); without it, any"
            + " local process or host-network container may trigger")
    Path triggerTokenFile;

    @Option(names = "--allow-paths-outside", description = "let the desired file (or a commit, with --git) name files"
            + " outside its folder (--base-dir with --git): a file:// or plain spec.source.url,"
            + " spec.images.credentialsFile, spec.images.offline. Off by default, so whoever writes the file cannot make"
            + " shipshape read other files of the host")
    boolean allowPathsOutside;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if ((file == null) == !git.given()) {
            throw new ShipshapeException("give the desired state with either -f FILE or --git URL --path PATH (not both)");
        }
        Duration every = DurationOption.parse("--resync", resync);
        if (triggerTokenFile != null && !allowTrigger) {
            throw new ShipshapeException("--trigger-token-file protects POST /trigger, which only --allow-trigger serves;"
                    + " add --allow-trigger, or leave out --trigger-token-file");
        }
        String triggerToken = triggerTokenFile == null ? null : TriggerToken.read(triggerTokenFile);
        GitSettings gitSettings = file != null ? null : git.settings(allowPathsOutside);
        Injector injector = Injection.controllerInjector();
        GitSource gitSource = gitSettings == null ? null : GitSource.open(gitSettings, injector.getInstance(GitMetrics.class));
        DesiredSource source = gitSource != null ? gitSource : new FileSource(file.toAbsolutePath(), allowPathsOutside);
        DesiredFile desired;
        try {
            desired = gitSource != null ? firstCommit(gitSource) : fileOption().load().desired();
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        if (gitSource != null && desired.spec().updates() != null
                && desired.spec().updates().mode() == dev.shipshape.model.desired.Updates.Mode.AUTO) {
            source.close();
            throw new ShipshapeException(dev.shipshape.controller.updates.ReleaseUpdates.AUTO_UNDER_GIT);
        }
        Controller controller = injector.getInstance(Controller.class);
        controller.start(new Controller.Settings(file == null ? null : file.toAbsolutePath(), bind, port, every,
                Duration.ofSeconds(60), allowTrigger, triggerToken), source, desired);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            controller.close();
            stopped.countDown();
        }, "shipshape-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("shipshape run: controlling project %s from %s%n  endpoints: http://%s:%d/healthz /readyz /status /metrics%s%n",
                desired.project(), source.describe(), bind, controller.port(), allowTrigger ? " POST /trigger" : "");
        out.flush();
        stopped.await();
        return 0;
    }

    private DesiredFileOption fileOption() {
        DesiredFileOption option = new DesiredFileOption();
        option.file = file;
        option.allowPathsOutside = allowPathsOutside;
        return option;
    }

    /**
     * The first fetch happens before the controller starts, so a wrong URL or branch is refused at
     * once. A failing fetch with a clone from an earlier run is only a warning: the server is kept at
     * the commit fetched before, and the poll tries again.
     */
    private static DesiredFile firstCommit(GitSource git) {
        try {
            git.fetch();
        } catch (GitFetchException e) {
            if (!git.hasFetched()) {
                throw e;
            }
            LOG.warn("{}; starting with the commit fetched before", e.getMessage());
        }
        DesiredRead read = git.read();
        if (read.desired() == null) {
            throw new ShipshapeException(read.problem().message() + "; shipshape run starts once a commit of "
                    + git.describe() + " has a valid desired file");
        }
        return read.desired();
    }
}
