package dev.shipshape.controller.notify;

import dev.shipshape.controller.status.NotificationStatus;
import dev.shipshape.reconcilers.records.NotificationRecordStore.TargetResult;

import java.util.List;

/** The notifier's record of each target's last delivery, as status shows it. */
public final class NotificationResults {
    private NotificationResults() {
    }

    public static List<NotificationStatus> of(List<TargetResult> results) {
        return results.stream().map(r -> new NotificationStatus(r.target(), r.result(), r.at(), r.error())).toList();
    }
}
