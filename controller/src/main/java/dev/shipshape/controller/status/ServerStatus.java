package dev.shipshape.controller.status;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shipshape.model.Version;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a project stands, as the controller last saw it: what {@code /status}, the status file and
 * {@code shipshape status} show. It carries versions, generations, reasons and secret-free messages
 * only, never configuration values.
 *
 * @param observedGeneration sha256 of the desired file last reconciled (successfully or not)
 * @param desiredGeneration  sha256 of the newest desired file seen, even an invalid one: when it differs
 *                           from observedGeneration the newest file has not been acted on yet
 * @param currentVersion     the installed version, or null when nothing is installed
 * @param lastError          the last failure's message, cleared by the next successful reconciliation
 * @param history            the last runs, oldest first, at most {@link StatusTracker#HISTORY_SIZE}
 * @param appliedCommit      the Git commit whose desired file was last reconciled, when a branch is followed
 * @param services           the project's containers as the last pass found them
 * @param notifications      each notification target's last delivery (spec.notify)
 * @param updates            what spec.updates found (newer releases, the effective target), or null without it
 * @param waitingForApproval what waits for {@code shipshape approve} (version and why), or null
 * @param nodes              on a swarm its nodes with their availability and state (a drained node shows
 *                           {@code drain}); empty on one host (and then not written)
 */
public record ServerStatus(String project, String observedGeneration, String desiredGeneration,
                           Version currentVersion, Version targetVersion, List<Condition> conditions,
                           String lastError, List<RunRecord> history, AppliedCommit appliedCommit, Instant updatedAt,
                           List<String> notices, List<String> keptVolumes, List<ServiceStatus> services,
                           List<NotificationStatus> notifications, UpdatesStatus updates, String waitingForApproval,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<NodeStatus> nodes) {
    public ServerStatus {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        history = history == null ? List.of() : List.copyOf(history);
        notices = notices == null ? List.of() : List.copyOf(notices);
        keptVolumes = keptVolumes == null ? List.of() : List.copyOf(keptVolumes);
        services = services == null ? List.of() : List.copyOf(services);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
    }

    public ServerStatus(String project, String observedGeneration, String desiredGeneration,
                        Version currentVersion, Version targetVersion, List<Condition> conditions,
                        String lastError, List<RunRecord> history, AppliedCommit appliedCommit, Instant updatedAt,
                        List<String> notices, List<String> keptVolumes, List<ServiceStatus> services,
                        List<NotificationStatus> notifications, UpdatesStatus updates, String waitingForApproval) {
        this(project, observedGeneration, desiredGeneration, currentVersion, targetVersion, conditions, lastError, history,
                appliedCommit, updatedAt, notices, keptVolumes, services, notifications, updates, waitingForApproval, List.of());
    }

    public ServerStatus(String project, String observedGeneration, String desiredGeneration,
                        Version currentVersion, Version targetVersion, List<Condition> conditions,
                        String lastError, List<RunRecord> history, AppliedCommit appliedCommit, Instant updatedAt,
                        List<String> notices, List<String> keptVolumes, List<ServiceStatus> services) {
        this(project, observedGeneration, desiredGeneration, currentVersion, targetVersion, conditions, lastError, history,
                appliedCommit, updatedAt, notices, keptVolumes, services, null, null, null);
    }

    public Optional<Condition> condition(ConditionType type) {
        return conditions.stream().filter(c -> c.type() == type).findFirst();
    }

    /** Ready True: the last reconciliation found the project at its desired state. */
    @JsonIgnore
    public boolean ready() {
        return condition(ConditionType.READY).map(Condition::holds).orElse(false);
    }
}
