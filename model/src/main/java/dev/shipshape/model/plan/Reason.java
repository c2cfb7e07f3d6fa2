package dev.shipshape.model.plan;

import java.util.Locale;

/**
 * Why an action is in a plan, as a stable code for {@code plan --output json} and a short label for
 * people. Codes are part of the plan output contract (schema/plan-output.schema.json): add new ones,
 * never rename one.
 */
public enum Reason {
    PACKAGE_MISSING("the release package is not in the store"),
    IMAGES_MISSING("images are not on this host"),
    EXPORT_OUTDATED("export/ differs from what the release renders"),
    MISSING("no container"),
    IMAGE_CHANGED("image changed"),
    CONFIG_CHANGED("configuration changed"),
    IMAGE_CONTENT_CHANGED("same tag, new image content"),
    HAND_MODIFIED("not created by shipshape and differs from the release"),
    NOT_CREATED_BY_SHIPSHAPE("not created by shipshape"),
    STOPPED("container is not running"),
    STATE_STOPPED("the desired state is stopped"),
    ADOPTED("matches the release; adopted as it is"),
    LEFTOVER("left over from a replacement"),
    SERVICE_REMOVED("the release no longer has this service"),
    JOB_DUE("a job of the release has not run yet"),
    VERSION_CHANGED("the installed version changes"),
    SNAPSHOT_BEFORE_UPGRADE("the volumes are snapshotted before the version changes"),
    ROLLBACK_RESTORE("the rollout that took the snapshot rolled back"),
    RESTORE_UNFINISHED("a restore was interrupted and is finished first");

    private final String label;

    Reason(String label) {
        this.label = label;
    }

    /** The stable code: {@code image-changed}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** For people: {@code image changed}. */
    public String label() {
        return label;
    }
}
