package dev.shipshape.reconcilers;

import java.io.PrintStream;
import java.util.concurrent.locks.LockSupport;

/**
 * Named points between the steps of an upgrade where a test can kill the controller, to prove that
 * every action is safe to interrupt (see docs/FAULTS.md). With {@code SHIPSHAPE_FAILPOINT=<name>}
 * set, the first thread that reaches that point prints
 * {@code shipshape failpoint reached: <name> (pid N)} on stderr and then blocks for good, so the
 * test sees the line and sends SIGKILL at exactly that instant. Without the variable a failpoint is
 * one comparison against a null constant: nothing is read, printed or waited for.
 *
 * <p>The points, in the order an upgrade reaches them:
 * <ul>
 *   <li>{@value #AFTER_DOWNLOAD}: the release zip is downloaded and verified, not yet extracted</li>
 *   <li>{@value #AFTER_PULL}: every missing image is pulled, nothing exported or stopped yet</li>
 *   <li>{@value #MID_EXPORT}: the first file of the new export is written into its temp folder, the others not</li>
 *   <li>{@value #AFTER_STOP_OLD}: the replacement of a service is created (under a temporary name) and the old container stopped; the replacement is not started</li>
 *   <li>{@value #DURING_HEALTH_WAIT}: a new container is started and its health is being awaited</li>
 *   <li>{@value #MID_SNAPSHOT}: the first volume of a snapshot is written into its folder, its manifest is not</li>
 *   <li>{@value #MID_RESTORE}: the first volume of a restore is recreated empty and not refilled yet (the restore marker is written)</li>
 * </ul>
 */
public final class Failpoints {
    public static final String ENV = "SHIPSHAPE_FAILPOINT";
    public static final String AFTER_DOWNLOAD = "after-download";
    public static final String AFTER_PULL = "after-pull";
    public static final String MID_EXPORT = "mid-export";
    public static final String AFTER_STOP_OLD = "after-stop-old";
    public static final String DURING_HEALTH_WAIT = "during-health-wait";
    public static final String MID_SNAPSHOT = "mid-snapshot";
    public static final String MID_RESTORE = "mid-restore";
    /** The line a reached failpoint prints, followed by its name. */
    public static final String MARKER = "shipshape failpoint reached: ";

    private static final String ACTIVE = active(System.getenv(ENV));

    /**
     * Where a reconciler reaches its failpoints. {@link #ENVIRONMENT} in the product (the variable
     * above); a unit test passes its own, which ends the action right there as a kill would, and then
     * runs the next pass against the same in-memory runtime.
     */
    @FunctionalInterface
    public interface Reach {
        void reach(String name);
    }

    /** The failpoints named by {@value #ENV}. */
    public static final Reach ENVIRONMENT = Failpoints::reach;

    private Failpoints() {
    }

    static String active(String env) {
        return env == null || env.isBlank() ? null : env.strip();
    }

    /** Blocks forever when {@code name} is the failpoint named by {@value #ENV}; returns at once otherwise. */
    public static void reach(String name) {
        if (ACTIVE != null && ACTIVE.equals(name)) {
            block(name, System.err);
        }
    }

    private static void block(String name, PrintStream err) {
        synchronized (Failpoints.class) {
            err.println(MARKER + name + " (pid " + ProcessHandle.current().pid() + ")");
            err.flush();
        }
        // Only a kill ends this: an interrupt must not let the action go on past the point.
        while (true) {
            LockSupport.park(Failpoints.class);
        }
    }
}
