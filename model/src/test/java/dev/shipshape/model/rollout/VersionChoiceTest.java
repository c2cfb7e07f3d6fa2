package dev.shipshape.model.rollout;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.model.release.ReleaseManifest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which version a pass works towards: spec.version, a hop of the upgrade path, or the version rolled back to. */
class VersionChoiceTest {
    static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");
    final Map<Version, ReleaseManifest> store = new HashMap<>();

    static Version v(String s) {
        return Version.parse(s);
    }

    void stored(String version, String upgradeFrom) {
        store.put(v(version), new ReleaseManifest("p", v(version), upgradeFrom == null ? null : v(upgradeFrom),
                Map.of("web", ImageRef.parse("reg/web:" + version)), List.of(), List.of(), List.of()));
    }

    Target choose(String wanted, Optional<FailedRollout> failed, String installed) {
        InstalledRecord record = installed == null ? null : InstalledRecord.next(null, v(installed), AT);
        return VersionChoice.choose(v(wanted), "gen", failed, record, version -> Optional.ofNullable(store.get(version)));
    }

    @Test
    void theWantedVersionWhenNothingStandsInTheWay() {
        assertThat(choose("2.0.0", Optional.empty(), null)).isEqualTo(new Target(v("2.0.0"), List.of(), null));
        stored("2.0.0", "1.0.0");
        assertThat(choose("2.0.0", Optional.empty(), "1.0.0")).isEqualTo(new Target(v("2.0.0"), List.of(), null));
        // a downgrade is the planner's to refuse, not a path
        assertThat(choose("1.0.0", Optional.empty(), "2.0.0").version()).isEqualTo(v("1.0.0"));
    }

    @Test
    void anUpgradeFromTooOldAVersionGoesHopByHopThroughTheReleasesUpgradeFrom() {
        stored("5.2.0", "5.1.0");
        stored("5.1.0", "5.0.0");
        stored("5.0.0", "4.0.0");

        assertThat(choose("5.2.0", Optional.empty(), "4.5.0"))
                .isEqualTo(new Target(v("5.0.0"), List.of(v("5.1.0"), v("5.2.0")), null));
        assertThat(choose("5.2.0", Optional.empty(), "5.0.0"))
                .isEqualTo(new Target(v("5.1.0"), List.of(v("5.2.0")), null));
    }

    @Test
    void aHopWhosePackageIsNotStoredYetIsTheTargetForNow() {
        stored("5.2.0", "5.1.0");
        // 5.1.0's package is downloaded first; the next pass looks further down
        assertThat(choose("5.2.0", Optional.empty(), "4.0.0")).isEqualTo(new Target(v("5.1.0"), List.of(v("5.2.0")), null));
    }


    @Test
    void whileTheFileIsTheOneWhoseRolloutFailedTheRestoredVersionIsKept() {
        FailedRollout failed = new FailedRollout("gen", v("2.0.0"), v("1.0.0"), "api", "not healthy", AT);

        assertThat(choose("2.0.0", Optional.of(failed), "1.0.0")).isEqualTo(new Target(v("1.0.0"), List.of(),
                new DesiredState.Rollback(v("2.0.0"), v("1.0.0"), "api: not healthy")));
    }

    @Test
    void aFailedFirstInstallKeepsItsVersionAsTheTarget() {
        FailedRollout failed = new FailedRollout("gen", v("2.0.0"), null, null, "job migrate failed", AT);

        Target t = choose("2.0.0", Optional.of(failed), null);
        assertThat(t.version()).isEqualTo(v("2.0.0"));
        assertThat(t.rollback()).isEqualTo(new DesiredState.Rollback(v("2.0.0"), null, "job migrate failed"));
    }

    @Test
    void anEditedFileOrAnotherVersionClearsTheFailure() {
        FailedRollout otherFile = new FailedRollout("older-gen", v("2.0.0"), v("1.0.0"), "api", "not healthy", AT);
        FailedRollout otherVersion = new FailedRollout("gen", v("2.0.1"), v("1.0.0"), "api", "not healthy", AT);

        assertThat(choose("2.0.0", Optional.of(otherFile), "1.0.0").rollback()).isNull();
        assertThat(choose("2.0.0", Optional.of(otherVersion), "1.0.0").rollback()).isNull();
    }
}
