package dev.shipshape.controller.wiring;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.reconcilers.snapshots.RestoreSnapshotReconciler;
import dev.shipshape.reconcilers.snapshots.Snapshots;
import dev.shipshape.reconcilers.snapshots.TakeSnapshotReconciler;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.runtime.AdoptionCheck;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import dev.shipshape.reconcilers.containers.ContainerFactory;
import dev.shipshape.reconcilers.containers.CreateServiceReconciler;
import dev.shipshape.reconcilers.containers.DowntimeSlots;
import dev.shipshape.reconcilers.containers.HealthGate;
import dev.shipshape.reconcilers.containers.JobReconciler;
import dev.shipshape.reconcilers.docker.PullReconciler;
import dev.shipshape.reconcilers.containers.RecreateServiceReconciler;
import dev.shipshape.reconcilers.containers.ReplaceWindowReconciler;
import dev.shipshape.reconcilers.containers.RemoveContainerReconciler;
import dev.shipshape.reconcilers.containers.StartServiceReconciler;
import dev.shipshape.reconcilers.containers.StopServiceReconciler;
import dev.shipshape.reconcilers.download.DownloadReconciler;
import dev.shipshape.reconcilers.diff.ExportDiff;
import dev.shipshape.reconcilers.export.ConfigLoader;
import dev.shipshape.reconcilers.export.ExportReconciler;
import dev.shipshape.reconcilers.export.GeneratedSecrets;
import dev.shipshape.reconcilers.export.SecretGenerator;
import dev.shipshape.reconcilers.export.TemplateRenderer;
import dev.shipshape.reconcilers.export.ReleaseRenderer;
import dev.shipshape.reconcilers.images.ImageCleanup;
import dev.shipshape.reconcilers.observe.ProjectObserver;
import dev.shipshape.reconcilers.state.AdoptContainerReconciler;
import dev.shipshape.reconcilers.state.RecordInstalledReconciler;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * One reconciler per kind of action, gathered by a Multibinder so the dispatcher finds them all.
 * The reconcilers know nothing of Guice: they are built here by their constructors.
 */
public final class ReconcilersModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), new TypeLiteral<Reconciler<?>>() {
        });
    }

    @Provides
    @Singleton
    HealthGate healthGate(ContainerRuntime runtime) {
        return new HealthGate(runtime);
    }

    @Provides
    @Singleton
    DowntimeSlots downtimeSlots() {
        return new DowntimeSlots(DowntimeSlots.DEFAULT);
    }

    @Provides
    @Singleton
    ContainerFactory containerFactory(ContainerRuntime runtime) {
        return new ContainerFactory(runtime);
    }

    @Provides
    @Singleton
    ConfigLoader configLoader() {
        return new ConfigLoader();
    }

    @Provides
    @Singleton
    GeneratedSecrets generatedSecrets(ConfigLoader config) {
        return new GeneratedSecrets(config, new SecretGenerator(new SecureRandom()));
    }

    @Provides
    @Singleton
    ReleaseRenderer releaseRenderer(ConfigLoader config, GeneratedSecrets secrets) {
        return new ReleaseRenderer(config, secrets, new TemplateRenderer());
    }

    @Provides
    @Singleton
    ExportDiff exportDiff(ConfigLoader config, GeneratedSecrets secrets, ReleaseRenderer renderer) {
        return new ExportDiff(config, secrets, renderer);
    }

    @Provides
    @Singleton
    ProjectObserver projectObserver(ContainerRuntime runtime, AdoptionCheck adoption, ReleaseRenderer renderer, Clock clock) {
        return new ProjectObserver(runtime, renderer, adoption, clock);
    }

    @ProvidesIntoSet
    Reconciler<?> download() {
        return new DownloadReconciler();
    }

    @ProvidesIntoSet
    Reconciler<?> pull(DockerClient docker) {
        return new PullReconciler(docker);
    }

    @ProvidesIntoSet
    Reconciler<?> export(ConfigLoader config, GeneratedSecrets secrets, ReleaseRenderer renderer) {
        return new ExportReconciler(config, secrets, renderer);
    }

    @ProvidesIntoSet
    Reconciler<?> create(ContainerRuntime runtime, ContainerFactory factory, HealthGate health) {
        return new CreateServiceReconciler(runtime, factory, health);
    }

    @ProvidesIntoSet
    Reconciler<?> recreate(ContainerRuntime runtime, ContainerFactory factory, HealthGate health, DowntimeSlots downtime) {
        return new RecreateServiceReconciler(runtime, factory, health, downtime);
    }

    @ProvidesIntoSet
    Reconciler<?> window(ContainerRuntime runtime, ContainerFactory factory, HealthGate health) {
        return new ReplaceWindowReconciler(runtime, factory, health);
    }

    @ProvidesIntoSet
    Reconciler<?> start(ContainerRuntime runtime, HealthGate health) {
        return new StartServiceReconciler(runtime, health);
    }

    @ProvidesIntoSet
    Reconciler<?> stop(ContainerRuntime runtime) {
        return new StopServiceReconciler(runtime);
    }

    @ProvidesIntoSet
    Reconciler<?> remove(ContainerRuntime runtime) {
        return new RemoveContainerReconciler(runtime);
    }

    @ProvidesIntoSet
    Reconciler<?> adopt(Clock clock) {
        return new AdoptContainerReconciler(clock);
    }

    @ProvidesIntoSet
    Reconciler<?> record(Clock clock, DockerClient docker) {
        return new RecordInstalledReconciler(clock, new ImageCleanup(docker));
    }

    @Provides
    @Singleton
    Snapshots snapshots(ContainerRuntime runtime, Clock clock) {
        return new Snapshots(runtime, clock);
    }

    @ProvidesIntoSet
    Reconciler<?> takeSnapshot(Snapshots snapshots) {
        return new TakeSnapshotReconciler(snapshots);
    }

    @ProvidesIntoSet
    Reconciler<?> restoreSnapshot(Snapshots snapshots) {
        return new RestoreSnapshotReconciler(snapshots);
    }

    @ProvidesIntoSet
    Reconciler<?> job(ContainerRuntime runtime, ContainerFactory factory, Clock clock) {
        return new JobReconciler(runtime, factory, clock);
    }
}
