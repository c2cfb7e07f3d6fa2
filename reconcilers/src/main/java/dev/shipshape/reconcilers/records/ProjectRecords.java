package dev.shipshape.reconcilers.records;

import dev.shipshape.reconcilers.files.ProjectPaths;

import java.util.Objects;

/**
 * The records shipshape keeps of a project under {@code .shipshape/}, one store per file. Callers
 * take the stores from here (usually {@link dev.shipshape.reconcilers.ProjectContext#records()})
 * instead of building them, so which file holds what is decided in one place.
 *
 * <p>The stores hold no cache: every read goes to the file, so two instances for the same folder
 * (the controller's and a CLI command's) always agree. Hence equality by folder.
 */
public final class ProjectRecords {
    private final ProjectPaths paths;
    private final InstalledRecordStore installed;
    private final RolloutRecordStore rollouts;
    private final JobRecordStore jobs;
    private final AdoptionRecordStore adoptions;
    private final KeptVolumesStore keptVolumes;
    private final ShownNoticesStore shownNotices;
    private final NotificationRecordStore notifications;
    private final ApprovalStore approval;
    private final HistoryStore history;
    private final ReleaseIndexCache releaseIndex;

    public ProjectRecords(ProjectPaths paths) {
        this.paths = Objects.requireNonNull(paths, "paths");
        this.installed = new InstalledRecordStore(paths);
        this.rollouts = new RolloutRecordStore(paths);
        this.jobs = new JobRecordStore(paths);
        this.adoptions = new AdoptionRecordStore(paths);
        this.keptVolumes = new KeptVolumesStore(paths);
        this.shownNotices = new ShownNoticesStore(paths);
        this.notifications = new NotificationRecordStore(paths);
        this.approval = new ApprovalStore(paths);
        this.history = new HistoryStore(paths);
        this.releaseIndex = new ReleaseIndexCache(paths);
    }

    public ProjectPaths paths() {
        return paths;
    }

    /** {@code installed.yaml}: the installed version and its history (the downgrade guard's memory). */
    public InstalledRecordStore installed() {
        return installed;
    }

    /** {@code rollout.yaml}: the last failed rollout. */
    public RolloutRecordStore rollouts() {
        return rollouts;
    }

    /** {@code jobs.yaml}: the one-shot jobs that completed. */
    public JobRecordStore jobs() {
        return jobs;
    }

    /** {@code adopted.yaml}: containers created by others that shipshape adopted. */
    public AdoptionRecordStore adoptions() {
        return adoptions;
    }

    /** {@code kept-volumes.yaml}: volumes of removed services, kept for the operator. */
    public KeptVolumesStore keptVolumes() {
        return keptVolumes;
    }

    /** {@code notices-shown.yaml}: the release notices apply has printed. */
    public ShownNoticesStore shownNotices() {
        return shownNotices;
    }

    /** {@code notifications.yaml}: the events sent to spec.notify (for deduplication) and each target's last delivery. */
    public NotificationRecordStore notifications() {
        return notifications;
    }

    /** {@code approval.yaml}: the last approval shipshape approve recorded. */
    public ApprovalStore approval() {
        return approval;
    }

    /** {@code history.yaml}: the finished rollouts (shipshape history). */
    public HistoryStore history() {
        return history;
    }

    /** {@code release-index.yaml}: the vendor's release index as last read. */
    public ReleaseIndexCache releaseIndex() {
        return releaseIndex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectRecords other && paths.equals(other.paths);
    }

    @Override
    public int hashCode() {
        return paths.hashCode();
    }

    @Override
    public String toString() {
        return "ProjectRecords[" + paths.stateDir() + "]";
    }
}
