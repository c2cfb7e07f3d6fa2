package dev.shipshape.controller.cli;

import com.google.inject.Injector;
import dev.shipshape.controller.Converger;
import dev.shipshape.controller.ProjectLock;
import dev.shipshape.controller.Reconciliation;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.Version;
import dev.shipshape.model.desired.Rollout;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.observed.ObservedContainer;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.snapshot.SnapshotInfo;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.runtime.ContainerInfo;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import dev.shipshape.reconcilers.snapshots.SnapshotException;
import dev.shipshape.reconcilers.snapshots.SnapshotManifest;
import dev.shipshape.reconcilers.snapshots.SnapshotStore;
import dev.shipshape.reconcilers.snapshots.Snapshots;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code shipshape snapshot list|create|restore|delete}: the volume snapshots of a project (docs/snapshots.md). */
@Command(name = "snapshot", description = "List, take, restore and delete snapshots of the project's volumes"
        + " (see docs/snapshots.md).%nExit codes: 0 done, 1 error (with the reason).",
        subcommands = {SnapshotCommand.ListSnapshots.class, SnapshotCommand.CreateSnapshot.class, SnapshotCommand.RestoreSnapshot.class,
                SnapshotCommand.DeleteSnapshot.class})
final class SnapshotCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 1;
    }

    /** An id that is not a complete snapshot: refused, naming the ids there are and how to list them. */
    private static SnapshotManifest manifest(SnapshotStore store, String id) {
        if (!SnapshotStore.validId(id)) {
            throw new SnapshotException("'" + id + "' is not a snapshot id; `shipshape snapshot list -f FILE` shows the ids."
                    + " Nothing was changed.");
        }
        return store.manifest(id).orElseThrow(() -> new SnapshotException(Snapshots.unknown(store, id)));
    }

    @Command(name = "list", description = "List the project's snapshots, oldest first.")
    static final class ListSnapshots extends ProjectCommand {
        @Override
        public Integer call() {
            ProjectContext project = file.load();
            SnapshotStore store = new SnapshotStore(project.paths());
            PrintWriter out = out();
            java.util.List<SnapshotInfo> all = store.list();
            if (all.isEmpty()) {
                out.printf("no snapshots of %s (in %s)%n", project.project(), store.dir());
                return 0;
            }
            for (SnapshotInfo s : all) {
                String state = !s.complete() ? "incomplete (never restored; pruned by the next snapshot)"
                        : s.restoring() ? "restore in progress (the next apply finishes it)"
                        : s.restoredAt() != null ? "restored at " + s.restoredAt() : "complete";
                out.printf("%s  %s  %s  %s  %s  %s%n", s.id(), s.takenAt() == null ? "-" : s.takenAt(),
                        s.to() == null ? "by hand" + (s.from() == null ? "" : " at " + s.from()) : s.from() + " -> " + s.to(),
                        s.volumes().isEmpty() ? "-" : String.join(",", s.volumes()), Snapshots.mib(store.size(s.id())), state);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "create", description = "Snapshot the named volumes of the project's containers now (they are"
            + " stopped, or paused, while they are read, then run again).")
    static final class CreateSnapshot extends ProjectCommand {
        @Option(names = "--consistency", paramLabel = "stopped|pause", description = "stop (default: spec.rollout.consistency)"
                + " or pause the services using the volumes while they are read")
        String consistency;

        @Override
        public Integer call() {
            ProjectContext project = file.load();
            Rollout rollout = project.desired().spec().rollout();
            Rollout.Consistency how = consistency == null ? rollout.consistency()
                    : Rollout.Consistency.parse(consistency);
            Injector injector = Injection.injector();
            ContainerRuntime runtime = injector.getInstance(ContainerRuntime.class);
            try (ProjectLock lock = ProjectLock.acquire(project.paths(), project.project(), "shipshape snapshot create")) {
                Map<String, String> volumes = new TreeMap<>();
                java.util.List<String> services = new ArrayList<>();
                for (ObservedContainer c : runtime.observe(project.project()).containers()) {
                    ContainerInfo info = runtime.inspect(c.id()).orElse(null);
                    if (info == null || c.service() == null) {
                        continue;
                    }
                    for (String v : info.volumes()) {
                        if (v.startsWith(project.project() + "_")) {
                            volumes.putIfAbsent(v, c.image());
                            if (!services.contains(c.service())) {
                                services.add(c.service());
                            }
                        }
                    }
                }
                if (volumes.isEmpty()) {
                    throw new ShipshapeException("the containers of project " + project.project() + " use no named volume:"
                            + " there is nothing to snapshot. Nothing was changed.");
                }
                InstalledRecord installed = project.records().installed().read();
                Version from = installed == null ? null : installed.version();
                SnapshotManifest m = injector.getInstance(Snapshots.class).take(project, new Snapshots.Request(volumes,
                        services, java.util.List.of(), from, null, how, rollout.snapshotRetention()));
                out().printf("snapshot %s: %s (%s on disk), taken in %d ms with %s %s%n", m.id(), String.join(", ",
                        volumes.keySet()), Snapshots.mib(m.bytesOnDisk()), m.tookMillis(), String.join(", ", services),
                        how == Rollout.Consistency.PAUSE ? "paused" : "stopped");
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "restore", description = "Restore the volumes of a snapshot: the containers using them are removed,"
            + " the volumes refilled, then the project is converged as by apply (the services start again, health-gated)."
            + " Data written since the snapshot is discarded.")
    static final class RestoreSnapshot extends ProjectCommand {
        @Parameters(paramLabel = "ID", description = "the snapshot's id (see `shipshape snapshot list`)")
        String id;

        @Override
        public Integer call() {
            ProjectContext project = file.load();
            PrintWriter out = out();
            SnapshotStore store = new SnapshotStore(project.paths());
            SnapshotManifest m = manifest(store, id); // an unknown id is refused before anything is wired or touched
            Injector injector = Injection.injector();
            try (ProjectLock lock = ProjectLock.acquire(project.paths(), project.project(), "shipshape snapshot restore")) {
                out.printf("restoring %s from snapshot %s: data written since %s is discarded%n",
                        m.volumes().stream().map(SnapshotManifest.VolumeEntry::name).toList(), m.id(), m.takenAt());
                out.flush();
                injector.getInstance(Snapshots.class).restore(project, m.id());
                Converger.Result result = injector.getInstance(Converger.class).converge(project,
                        new Reconciliation.ProgressListener() {
                            @Override
                            public void starting(Action action) {
                                out.println("  - " + action.describe());
                                out.flush();
                            }
                        });
                out.printf("restored: %s serves the data of %s (%d action%s)%n", project.project(), m.takenAt(),
                        result.actionsTaken(), result.actionsTaken() == 1 ? "" : "s");
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a snapshot.")
    static final class DeleteSnapshot extends ProjectCommand {
        @Parameters(paramLabel = "ID", description = "the snapshot's id (see `shipshape snapshot list`)")
        String id;

        @Override
        public Integer call() {
            ProjectContext project = file.load();
            SnapshotStore store = new SnapshotStore(project.paths());
            if (!SnapshotStore.validId(id)) {
                manifest(store, id); // the refusal naming the ids
            }
            try (ProjectLock lock = ProjectLock.acquire(project.paths(), project.project(), "shipshape snapshot delete")) {
                SnapshotInfo found = store.list().stream().filter(s -> s.id().equals(id)).findFirst()
                        .orElseThrow(() -> new SnapshotException(Snapshots.unknown(store, id)));
                if (found.restoring()) {
                    throw new SnapshotException("a restore from snapshot " + id + " is in progress; run `shipshape apply -f FILE`"
                            + " to finish it first. Nothing was changed.");
                }
                store.delete(id);
            }
            out().printf("deleted snapshot %s%n", id);
            out().flush();
            return 0;
        }
    }
}
