package dev.shipshape.controller.cli;

import dev.shipshape.model.desired.RuntimeKind;
import dev.shipshape.model.observed.ObservedContainer;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.observe.Observation;
import dev.shipshape.reconcilers.observe.ProjectObserver;
import dev.shipshape.reconcilers.swarm.ObservedService;
import dev.shipshape.reconcilers.swarm.SwarmApi;
import dev.shipshape.reconcilers.swarm.SwarmDeployer;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Map;

@Command(name = "version", description = "Tool version, server version and image digests (the runbook's version).")
final class VersionCommand extends ProjectCommand {
    @Override
    public Integer call() {
        ProjectContext project = file.load();
        Observation o = Injection.injector().getInstance(ProjectObserver.class).observe(project);
        PrintWriter out = out();
        out.println("shipshape: " + ToolVersion.get());
        String product = o.desired().manifest() == null ? "server" : o.desired().manifest().product();
        out.printf("%s: installed %s, desired %s%n", product,
                o.observed().installed() == null ? "nothing" : o.observed().installed().version()
                        + " (since " + o.observed().installed().installedAt() + ")",
                project.desired().spec().version());
        if (project.desired().spec().runtime() == RuntimeKind.SWARM) {
            // every node runs the image by the digest the service names (image@sha256), so the service says it all
            out.println("Swarm services:");
            Injection.injector().getInstance(SwarmApi.class).services(project.project()).stream()
                    .sorted(Comparator.comparing(ObservedService::name)).forEach(s -> out.printf("  %-28s %-10s %s%n", s.name(),
                            s.labels().getOrDefault(SwarmDeployer.VERSION, "?"), s.image()));
            out.flush();
            return 0;
        }
        out.println("containers:");
        o.observed().containers().stream().sorted(Comparator.comparing(ObservedContainer::name)).forEach(c ->
                out.printf("  %-28s %-10s %s %s%n", c.name(), c.version() == null ? "?" : c.version(), c.image(),
                        digestOf(c.imageId(), o.observed().localImages())));
        out.flush();
        return 0;
    }

    /** The registry digest Docker recorded for an image id, from the image list the observation already made. */
    private static String digestOf(String imageId, Map<String, String> localImages) {
        return localImages.entrySet().stream()
                .filter(e -> e.getKey().contains("@") && e.getValue().equals(imageId))
                .map(e -> e.getKey().substring(e.getKey().indexOf('@') + 1))
                .findFirst().orElse("(no registry digest; image id " + imageId + ")");
    }
}
