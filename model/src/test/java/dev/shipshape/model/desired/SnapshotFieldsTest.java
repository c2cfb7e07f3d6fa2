package dev.shipshape.model.desired;

import dev.shipshape.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** spec.rollout.snapshot, consistency, restoreOnRollback and snapshotRetention (issue 19): defaults, values, refusals. */
class SnapshotFieldsTest {
    private static DesiredFile parse(String rollout) {
        return DesiredFile.parse(Path.of("server.yaml"), DesiredFileTest.VALID + "  rollout:\n" + rollout);
    }

    private static String refused(String rollout) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> parse(rollout));
        assertThat(e).as("refused: %s", rollout).isNotNull();
        return e.getMessage();
    }

    @Test
    void theDefaultsSnapshotVolumesWhileStoppedRestoreOnRollbackAndKeepThree() {
        Rollout r = DesiredFile.parse(Path.of("server.yaml"), DesiredFileTest.VALID).spec().rollout();
        assertThat(r.snapshot()).isEqualTo(Rollout.Snapshot.VOLUMES);
        assertThat(r.consistency()).isEqualTo(Rollout.Consistency.STOPPED);
        assertThat(r.restoreOnRollback()).isTrue();
        assertThat(r.snapshotRetention()).isEqualTo(3);
    }

    @Test
    void everyValueReads() {
        Rollout r = parse("    snapshot: none\n    consistency: pause\n    restoreOnRollback: never\n    snapshotRetention: 7\n")
                .spec().rollout();
        assertThat(r.snapshot()).isEqualTo(Rollout.Snapshot.NONE);
        assertThat(r.consistency()).isEqualTo(Rollout.Consistency.PAUSE);
        assertThat(r.restoreOnRollback()).isFalse();
        assertThat(r.snapshotRetention()).isEqualTo(7);
    }

    @Test
    void wrongValuesAreRefusedNamingTheFieldAndWhatIsAllowed() {
        assertThat(refused("    snapshot: disks\n")).contains("spec.rollout.snapshot").contains("none or volumes");
        assertThat(refused("    consistency: frozen\n")).contains("spec.rollout.consistency").contains("stopped or pause");
        assertThat(refused("    restoreOnRollback: always\n")).contains("spec.rollout.restoreOnRollback").contains("auto or never");
        assertThat(refused("    snapshotRetention: 0\n")).contains("spec.rollout.snapshotRetention").contains("between 1 and 100");
        assertThat(refused("    snapshotRetention: lots\n")).contains("spec.rollout.snapshotRetention").contains("whole number");
    }
}
