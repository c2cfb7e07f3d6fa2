package dev.shipshape.model.rollout;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.Updates;
import dev.shipshape.model.release.ReleaseIndex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** spec.updates' choice of release, pure (issue 18, part 2). */
class UpdateChoiceTest {
    static final ReleaseIndex INDEX = ReleaseIndex.parse("index.yaml", """
            releases:
              - {version: 1.0.0, publishedAt: 2026-10-01T10:00:00Z}
              - {version: 1.1.0, publishedAt: 2026-11-20T10:00:00Z, upgradeFrom: 1.0.0, notes: "the new reports"}
              - {version: 1.1.1, publishedAt: 2026-12-01T10:00:00Z}
              - {version: 1.2.0-rc.1}
              - {version: 1.2.0, upgradeFrom: 1.1.0}
              - {version: 2.0.0, upgradeFrom: 1.2.0}
              - {version: 2.1.0-beta.1}
            """);

    static Version v(String s) {
        return Version.parse(s);
    }

    static UpdateChoice.Result choose(String floor, Updates.Policy policy, Updates.Mode mode, String installed, String approved) {
        return UpdateChoice.choose(v(floor), new Updates(policy, mode, null), INDEX, installed == null ? null : v(installed),
                approved == null ? null : v(approved));
    }

    @Test
    void patchStaysWithinTheMinorVersion() {
        UpdateChoice.Result r = choose("1.1.0", Updates.Policy.PATCH, Updates.Mode.AUTO, "1.1.0", null);
        assertThat(r.target()).isEqualTo(v("1.1.1"));
        assertThat(r.why()).isEqualTo(UpdateChoice.Why.POLICY);
        assertThat(r.reason()).contains("1.1.1", "policy patch", "mode auto");
    }

    @Test
    void minorStaysWithinTheMajorVersionAndNeverTakesAPreRelease() {
        assertThat(choose("1.1.0", Updates.Policy.MINOR, Updates.Mode.AUTO, "1.1.0", null).target()).isEqualTo(v("1.2.0"));
        assertThat(choose("1.1.0", Updates.Policy.MAJOR, Updates.Mode.AUTO, "1.1.0", null).target())
                .as("2.1.0-beta.1 is newer, but a pre-release").isEqualTo(v("2.0.0"));
    }

    @Test
    void theFloorIsSpecVersionAndNothingOlderIsEverChosen() {
        UpdateChoice.Result r = choose("2.0.0", Updates.Policy.MAJOR, Updates.Mode.AUTO, "2.0.0", null);
        assertThat(r.target()).isEqualTo(v("2.0.0"));
        assertThat(r.why()).isEqualTo(UpdateChoice.Why.SPEC_VERSION);
        assertThat(r.available()).isNull();
        assertThat(choose("1.2.0-rc.1", Updates.Policy.PATCH, Updates.Mode.AUTO, null, null).target())
                .as("a pre-release floor may move to its release").isEqualTo(v("1.2.0"));
    }

    @Test
    void notifyShowsTheNewerReleaseAndKeepsSpecVersion() {
        UpdateChoice.Result r = choose("1.1.0", Updates.Policy.MINOR, Updates.Mode.NOTIFY, "1.1.0", null);
        assertThat(r.target()).isEqualTo(v("1.1.0"));
        assertThat(r.available()).isEqualTo(v("1.2.0"));
        assertThat(r.pending()).isEqualTo(v("1.2.0"));
        assertThat(r.reason()).contains("1.2.0 is available");
    }

    @Test
    void approveWaitsUntilTheNewestIsApprovedAndKeepsWhatWasApprovedBefore() {
        UpdateChoice.Result waiting = choose("1.1.0", Updates.Policy.PATCH, Updates.Mode.APPROVE, "1.1.0", null);
        assertThat(waiting.target()).isEqualTo(v("1.1.0"));
        assertThat(waiting.pending()).isEqualTo(v("1.1.1"));
        assertThat(waiting.reason()).contains("waits for approval", "shipshape approve --version 1.1.1");

        UpdateChoice.Result approved = choose("1.1.0", Updates.Policy.PATCH, Updates.Mode.APPROVE, "1.1.0", "1.1.1");
        assertThat(approved.target()).isEqualTo(v("1.1.1"));
        assertThat(approved.why()).isEqualTo(UpdateChoice.Why.APPROVAL);
        assertThat(approved.pending()).isNull();

        // the approval was for another desired file (the caller passes none): the installed approved release stays
        UpdateChoice.Result kept = choose("1.1.0", Updates.Policy.MINOR, Updates.Mode.APPROVE, "1.1.1", null);
        assertThat(kept.target()).isEqualTo(v("1.1.1"));
        assertThat(kept.pending()).isEqualTo(v("1.2.0"));
    }

    @Test
    void anApprovalOutsideThePolicyIsIgnored() {
        UpdateChoice.Result r = choose("1.1.0", Updates.Policy.PATCH, Updates.Mode.APPROVE, "1.1.0", "2.0.0");
        assertThat(r.target()).isEqualTo(v("1.1.0"));
        assertThat(r.pending()).isEqualTo(v("1.1.1"));
    }

    @Test
    void upgradeFromPathsAreShownFromTheInstalledVersion() {
        UpdateChoice.Result r = choose("1.0.0", Updates.Policy.MAJOR, Updates.Mode.AUTO, "1.0.0", null);
        assertThat(r.target()).isEqualTo(v("2.0.0"));
        assertThat(r.path()).containsExactly(v("1.1.0"), v("1.2.0"), v("2.0.0"));
        assertThat(choose("1.1.0", Updates.Policy.MINOR, Updates.Mode.AUTO, "1.1.0", null).path())
                .as("1.1.0 may upgrade straight to 1.2.0").isEmpty();
    }

    @Test
    void policiesRelativeToTheFloor() {
        assertThat(Updates.Policy.PATCH.allows(v("1.1.0"), v("1.1.9"))).isTrue();
        assertThat(Updates.Policy.PATCH.allows(v("1.1.0"), v("1.2.0"))).isFalse();
        assertThat(Updates.Policy.MINOR.allows(v("1.1.0"), v("1.9.0"))).isTrue();
        assertThat(Updates.Policy.MINOR.allows(v("1.1.0"), v("2.0.0"))).isFalse();
        assertThat(Updates.Policy.MAJOR.allows(v("1.1.0"), v("1.0.9"))).isFalse();
        assertThat(Updates.Policy.MAJOR.allows(v("1.1.0"), v("1.1.0"))).isFalse();
        assertThat(Updates.Policy.MAJOR.allows(v("1.1.0"), v("3.0.0-rc.1"))).isFalse();
    }

    @Test
    void anApprovalCoversExactlyOneTargetOfOneDesiredFile() {
        Approval a = new Approval(v("1.1.1"), "gen-a", java.time.Instant.EPOCH);
        assertThat(a.covers(v("1.1.1"), "gen-a")).isTrue();
        assertThat(a.covers(v("1.2.0"), "gen-a")).isFalse();
        assertThat(a.covers(v("1.1.1"), "gen-b")).isFalse();
        assertThat(List.of(a)).hasSize(1);
    }
}
