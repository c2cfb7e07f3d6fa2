package dev.shipshape.controller.status;

import dev.shipshape.model.Version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A mutable copy of a status, so each change reads as a few assignments. Never leaves this package. */
final class StatusDraft {
    final String project;
    String observedGeneration;
    String desiredGeneration;
    Version currentVersion;
    Version targetVersion;
    final Map<ConditionType, Condition> conditions = new EnumMap<>(ConditionType.class);
    String lastError;
    final List<RunRecord> history;
    AppliedCommit appliedCommit;
    List<String> notices;
    List<String> keptVolumes;
    List<ServiceStatus> services;
    List<NotificationStatus> notifications;
    UpdatesStatus updates;
    String waitingForApproval;
    List<NodeStatus> nodes;

    StatusDraft(ServerStatus s) {
        project = s.project();
        observedGeneration = s.observedGeneration();
        desiredGeneration = s.desiredGeneration();
        currentVersion = s.currentVersion();
        targetVersion = s.targetVersion();
        s.conditions().forEach(c -> conditions.put(c.type(), c));
        lastError = s.lastError();
        history = new ArrayList<>(s.history());
        appliedCommit = s.appliedCommit();
        notices = s.notices();
        keptVolumes = s.keptVolumes();
        services = s.services();
        notifications = s.notifications();
        updates = s.updates();
        waitingForApproval = s.waitingForApproval();
        nodes = s.nodes();
    }

    /** The status of a project nothing has been reconciled for yet. */
    static ServerStatus initial(String project, Instant now) {
        String why = "no reconciliation has finished yet";
        List<Condition> conditions = List.of(
                new Condition(ConditionType.READY, ConditionStatus.FALSE, "NotReconciled", why, now),
                new Condition(ConditionType.PROGRESSING, ConditionStatus.FALSE, "NotReconciled", why, now),
                new Condition(ConditionType.DEGRADED, ConditionStatus.FALSE, "NotReconciled", why, now));
        return new ServerStatus(project, null, null, null, null, conditions, null, List.of(), null, now, List.of(), List.of(), List.of(), List.of(), null, null);
    }

    /** Sets a condition; its transition time moves only when its status changes (see {@link Condition#update}). */
    void set(ConditionType type, ConditionStatus value, String reason, String message, Instant now) {
        Condition old = conditions.get(type);
        conditions.put(type, old == null
                ? new Condition(type, value, reason, message, now)
                : old.update(value, reason, message, now));
    }

    /** Adds a run to the history, which keeps the last {@link StatusTracker#HISTORY_SIZE}. */
    void record(RunRecord run) {
        history.add(run);
        while (history.size() > StatusTracker.HISTORY_SIZE) {
            history.remove(0);
        }
    }

    ServerStatus build(Instant updatedAt) {
        return new ServerStatus(project, observedGeneration, desiredGeneration, currentVersion, targetVersion,
                List.copyOf(conditions.values()), lastError, history, appliedCommit, updatedAt, notices, keptVolumes, services,
                notifications, updates, waitingForApproval, nodes);
    }
}
