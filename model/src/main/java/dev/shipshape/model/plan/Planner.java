package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.RenderedRelease;
import dev.shipshape.model.desired.RunState;
import dev.shipshape.model.observed.Health;
import dev.shipshape.model.observed.ObservedContainer;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.model.release.ReleaseManifest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure planner: {@code plan(desired, observed)}. No I/O, no clock, no randomness, so the same
 * inputs always give the same plan. Order of a plan: download, pull (every image before anything
 * stops), export, services in dependency order, clean-up, record.
 */
public final class Planner {

    public Plan plan(DesiredState desired, ObservedState observed) {
        return actions(desired, observed).withImages(images(desired));
    }

    /**
     * The target's images by service: those the rendered services run, or before rendering, the
     * manifest's with the desired file's digest pins applied; empty while the package is not in the store.
     */
    static List<ServiceImage> images(DesiredState desired) {
        ReleaseManifest manifest = desired.manifest();
        if (manifest == null) {
            return List.of();
        }
        List<ServiceImage> out = new ArrayList<>();
        if (desired.rendered() != null) {
            for (ServiceSpec s : desired.rendered().compose().startOrder()) {
                out.add(new ServiceImage(s.name(), ImageRef.parse(s.image()), releaseTag(manifest.images().get(s.name()))));
            }
        } else {
            Map<String, String> pins = desired.spec().images().digests();
            manifest.images().forEach((service, ref) -> out.add(new ServiceImage(service,
                    pins.containsKey(service) ? new ImageRef(ref.repository(), ref.tag(), pins.get(service)) : ref,
                    releaseTag(ref))));
        }
        return out;
    }

    private static ImageRef releaseTag(ImageRef ref) {
        return ref == null || ref.tag() == null ? null : ref.withoutDigest();
    }

    private Plan actions(DesiredState desired, ObservedState observed) {
        Version target = desired.target();
        Version installed = observed.installedVersion().orElse(null);
        List<Action> actions = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        ReleaseManifest manifest = desired.manifest();
        List<String> notices = manifest == null ? List.of() : manifest.notices();

        if (desired.spec().state() == RunState.STOPPED) {
            actions.addAll(stopAll(desired, observed));
            return new Plan(target, installed, actions, waiting, notices, desired.path(), desired.rollback());
        }

        // --- volume snapshots (SnapshotPlanner, issue 19): an interrupted restore is finished before anything else ---
        var unfinished = SnapshotPlanner.unfinishedRestore(observed);
        if (unfinished.isPresent()) {
            actions.add(unfinished.get());
            waiting.add(SnapshotPlanner.RESTORE_WAIT);
            return new Plan(target, installed, actions, waiting, notices, desired.path(), desired.rollback());
        }
        // --- end volume snapshots ---
        guardVersion(desired.spec().version(), installed, desired.spec().rollout().allowDowngrade());
        if (desired.rollback() != null && !desired.spec().rollout().autoRollback()) {
            waiting.add("the rollout of " + desired.rollback().failedVersion() + " failed (" + desired.rollback().reason()
                    + "); autoRollback is false, so the failed state is left as it is: fix the cause and change the desired file");
            return new Plan(target, installed, actions, waiting, notices, desired.path(), desired.rollback());
        }

        if (manifest == null) {
            actions.add(new DownloadRelease(target, desired.spec().source().urlFor(target)));
            waiting.add("the content of release " + target + " (known once it is downloaded)");
            return new Plan(target, installed, actions, waiting, notices, desired.path(), desired.rollback());
        }
        guardManifest(manifest, target, installed);

        RenderedRelease rendered = desired.rendered();
        List<ImageRef> missing = missingImages(manifest, desired.spec().images().digests(), rendered, observed);
        if (!missing.isEmpty()) {
            actions.add(new PullImages(missing, images(desired)));
        }
        if (rendered == null || !rendered.exportHash().equals(observed.exportHash())) {
            actions.add(new ExportRelease(target, desired.missingSecrets()));
        }
        if (rendered == null) {
            waiting.add("the services of release " + target + " (known once its secrets are generated and it is exported)");
            return new Plan(target, installed, actions, waiting, notices, desired.path(), desired.rollback());
        }

        refuseUnknownInstallation(desired, rendered, observed, installed);
        // --- volume snapshots: a rollback restores its rollout's snapshot before the previous version starts ---
        var restore = SnapshotPlanner.rollbackRestore(desired, observed);
        if (restore.isPresent()) {
            actions.add(restore.get());
            waiting.add(SnapshotPlanner.RESTORE_WAIT);
            return new Plan(target, installed, actions, waiting, notices, desired.path(), desired.rollback());
        }
        // --- end volume snapshots ---
        List<String> replaced = new ArrayList<>();
        for (ServiceSpec spec : rendered.compose().startOrder()) {
            Action a = serviceAction(spec, rendered.configHash(spec), target, observed, desired.project());
            if (a instanceof AdoptContainer) {
                actions.add(a);
            } else if (a != null) {
                // A leftover may still hold the service's port on the host network: remove it first.
                actions.addAll(leftovers(spec, desired.project(), observed));
                actions.add(a);
                replaced.add(spec.name());
            }
        }
        actions.addAll(cleanUp(desired.project(), rendered, observed, replaced));
        // one-shot jobs (JobPlanner): after the pull and the export, before the first service action
        JobPlanner.addDue(actions, desired, observed);
        // rollout.strategy: window gathers the replacements into one window (after the jobs: they run before it)
        actions = new ArrayList<>(WindowGrouping.group(actions, desired.spec().rollout().strategy()));
        // Last, so it is reached only when every earlier action succeeded: the record never runs ahead of the host.
        if (installed == null || !installed.toString().equals(target.toString())) {
            actions.add(new RecordInstalled(target, installed));
        }
        // --- maintenance window (WindowPolicy, issue 4.5): while it is closed, restarts of running services wait ---
        WindowPolicy.Decision window = WindowPolicy.apply(desired, observed, actions);
        actions = new ArrayList<>(window.actions());
        waiting.addAll(window.waiting());
        // --- end maintenance window ---
        actions = SnapshotPlanner.addSnapshot(desired, observed, actions);
        Plan plan = new Plan(target, installed, actions, waiting, notices, desired.path(), desired.rollback());
        return window.holding() ? plan.withHeld(new Plan.Held(window.held(), window.nextOpening().orElse(null),
                desired.spec().rollout().window().describe())) : plan;
    }

    private static void guardVersion(Version target, Version installed, boolean allowDowngrade) {
        if (installed != null && target.isOlderThan(installed) && !allowDowngrade) {
            throw new PlanRefusedException("spec.version " + target + " is older than the installed version " + installed
                    + "; a downgrade can lose data a newer version migrated. To downgrade anyway, set"
                    + " spec.rollout.allowDowngrade: true; otherwise set spec.version to " + installed + " or newer.");
        }
    }

    private static void guardManifest(ReleaseManifest manifest, Version target, Version installed) {
        if (!manifest.version().sameAs(target)) {
            throw new PlanRefusedException("the package downloaded for " + target + " says it is version " + manifest.version()
                    + "; the release source serves the wrong file. Fix spec.source.url or the release source.");
        }
        if (installed != null && manifest.upgradeFrom() != null && installed.isOlderThan(manifest.upgradeFrom())) {
            throw new PlanRefusedException("release " + target + " can only be upgraded to from " + manifest.upgradeFrom()
                    + " or later, but " + installed + " is installed, and no upgrade path through the releases' upgradeFrom"
                    + " was found. Upgrade to " + manifest.upgradeFrom() + " first (set spec.version: "
                    + manifest.upgradeFrom() + ", apply), then to " + target + ".");
        }
    }

    /**
     * Images not on the host yet: those the rendered services run, or before rendering, the
     * manifest's with the desired file's digest pins applied (the export applies the same pins).
     */
    private static List<ImageRef> missingImages(ReleaseManifest manifest, Map<String, String> pins, RenderedRelease rendered,
                                                ObservedState observed) {
        Set<String> seen = new LinkedHashSet<>();
        List<ImageRef> missing = new ArrayList<>();
        List<ImageRef> wanted = new ArrayList<>();
        if (rendered != null) {
            rendered.compose().services().values().forEach(s -> wanted.add(ImageRef.parse(s.image())));
        } else {
            manifest.images().forEach((service, ref) -> wanted.add(
                    pins.containsKey(service) ? new ImageRef(ref.repository(), ref.tag(), pins.get(service)) : ref));
        }
        for (ImageRef ref : wanted) {
            if (seen.add(ref.pullReference()) && !observed.localImages().containsKey(ref.pullReference())) {
                missing.add(ref);
            }
        }
        return missing;
    }

    /**
     * The container that serves a service: the one with the compose name shipshape uses, else one
     * that was adopted, else one someone else created (docker compose v1 names it
     * {@code project_service_1}): that one is then replaced, with the reason, not removed as a leftover.
     */
    private static ObservedContainer current(ServiceSpec spec, String project, ObservedState observed) {
        String name = spec.containerName(project);
        List<ObservedContainer> all = observed.containersOf(spec.name());
        return all.stream().filter(c -> c.name().equals(name)).findFirst()
                .or(() -> all.stream().filter(ObservedContainer::isAdopted).findFirst())
                .or(() -> all.stream().filter(c -> !c.managed()).findFirst())
                .orElse(null);
    }

    /**
     * Before anything is installed by shipshape, containers of the project that run other images
     * than the release are an installation of another version: never guess which one.
     */
    private static void refuseUnknownInstallation(DesiredState desired, RenderedRelease rendered, ObservedState observed,
                                                  Version installed) {
        if (installed != null) {
            return;
        }
        for (ObservedContainer c : observed.containers()) {
            ServiceSpec spec = c.service() == null ? null : rendered.compose().services().get(c.service());
            if (spec != null && !c.managed() && !c.isAdopted() && !spec.image().equals(c.image())) {
                throw new PlanRefusedException("project " + desired.project() + " already runs containers shipshape did not"
                        + " create, and " + c.name() + " runs " + c.image() + " where release " + desired.spec().version()
                        + " has " + spec.image() + ". If that installation is another version, set spec.version to it"
                        + " first so shipshape adopts it, then upgrade; if it is to be replaced, remove its containers.");
            }
        }
    }

    private static Action serviceAction(ServiceSpec spec, String hash, Version target, ObservedState observed, String project) {
        ObservedContainer current = current(spec, project, observed);
        if (current == null) {
            return new CreateService(spec, hash, target, "no container");
        }
        List<String> reasons = new ArrayList<>();
        Reason why = null;
        if (!spec.image().equals(current.image())) {
            reasons.add("image " + current.image() + " -> " + spec.image());
            why = Reason.IMAGE_CHANGED;
        } else if (!hash.equals(current.configHash())) {
            reasons.add(current.configHash() != null ? "configuration changed"
                    : current.difference() != null ? "not created by shipshape and differs from the release: " + current.difference()
                    : "not created by shipshape");
            why = current.configHash() != null ? Reason.CONFIG_CHANGED
                    : current.difference() != null ? Reason.HAND_MODIFIED : Reason.NOT_CREATED_BY_SHIPSHAPE;
        } else {
            String localId = observed.localImages().get(ImageRef.parse(spec.image()).pullReference());
            if (localId != null && !localId.equals(current.imageId())) {
                reasons.add("image content changed");
                why = Reason.IMAGE_CONTENT_CHANGED;
            }
        }
        if (!reasons.isEmpty()) {
            return new RecreateService(spec, hash, target, current.id(), reasons, why);
        }
        if (current.adoption() == ObservedContainer.Adoption.MATCHES) {
            return new AdoptContainer(spec.name(), current.id(), current.name(), hash);
        }
        if (!current.running()) {
            return new StartService(spec.name(), current.id(), "container is " + current.state());
        }
        // A rollout interrupted in its health wait (controller killed, engine gone) left the new container
        // unconfirmed: gate on its health again before the version can be recorded (and a bad one rolled back).
        boolean rollingOut = observed.installedVersion().map(v -> !v.sameAs(target)).orElse(true);
        if (rollingOut && (current.health() == Health.STARTING || current.health() == Health.UNHEALTHY)) {
            return StartService.healthRecheck(spec.name(), current.id(), current.health().toString());
        }
        return null;
    }

    /** Containers of a service other than its canonical one: left over from an interrupted replacement. */
    private static List<Action> leftovers(ServiceSpec spec, String project, ObservedState observed) {
        List<Action> out = new ArrayList<>();
        ObservedContainer current = current(spec, project, observed);
        for (ObservedContainer c : observed.containersOf(spec.name())) {
            if (c != current) {
                out.add(new RemoveContainer(c.id(), c.name(), "left over from replacing " + spec.name()));
            }
        }
        return out;
    }

    /** Leftovers of services that needed no action, and managed containers of services the release no longer has. */
    private static List<Action> cleanUp(String project, RenderedRelease rendered, ObservedState observed, List<String> handled) {
        List<Action> out = new ArrayList<>();
        for (ServiceSpec spec : rendered.compose().startOrder()) {
            if (!handled.contains(spec.name())) {
                out.addAll(leftovers(spec, project, observed));
            }
        }
        for (ObservedContainer c : observed.containers()) {
            if (c.service() != null && c.managed() && !rendered.compose().services().containsKey(c.service())) {
                out.add(new RemoveContainer(c.id(), c.name(), "service " + c.service() + " is not in the release; its volumes"
                        + " are kept", true));
            }
        }
        return out;
    }

    /** state: stopped: stop running containers, dependents before what they depend on. */
    private static List<Action> stopAll(DesiredState desired, ObservedState observed) {
        List<String> order = new ArrayList<>();
        if (desired.rendered() != null) {
            desired.rendered().compose().startOrder().forEach(s -> order.add(0, s.name()));
        }
        List<ObservedContainer> running = new ArrayList<>(observed.containers().stream()
                .filter(c -> c.running() && c.service() != null).toList());
        running.sort(java.util.Comparator.comparingInt((ObservedContainer c) -> {
            int i = order.indexOf(c.service());
            return i < 0 ? -1 : i;
        }).thenComparing(ObservedContainer::name));
        return running.stream().<Action>map(c -> new StopService(c.service(), c.id())).toList();
    }
}
