package dev.shipshape.controller.doctor;

import dev.shipshape.model.desired.Source;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** doctor warns about a network source whose packages nothing but the source itself vouches for (issue 20, item 2). */
class ReleaseSourceTrustTest {
    private static final CheckResult ANSWERS = CheckResult.ok(ReleaseSourceCheck.NAME, "https://r.example.com/s-1.0.0.zip answers HTTP 206");
    private static final String KEY = "Xk8XZEXiv5sQcNkk/KeW1kiwkjSOpdkAG1lx8H2HMpw=";

    @Test
    void anUnpinnedUnsignedSourceIsAWarningSayingWhatToAdd() {
        CheckResult r = ReleaseSourceCheck.withTrust(new Source("https://r.example.com/s-{version}.zip", null), ANSWERS);
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.detail()).contains("answers HTTP 206").contains("unpinned and unsigned");
        assertThat(r.fix()).contains("spec.source.publicKey").contains("spec.source.checksum");
    }

    @Test
    void insecureTrueIsTheRiskAcceptedOnPurposeSoNoWarning() {
        assertThat(ReleaseSourceCheck.withTrust(new Source("http://127.0.0.1:8080/s-{version}.zip", null, null, null, true),
                ANSWERS)).isEqualTo(ANSWERS);
    }

    @Test
    void aSignedOrPinnedOrLocalSourceOrAFailedProbeIsLeftAsItIs() {
        assertThat(ReleaseSourceCheck.withTrust(new Source("https://r.example.com/s-{version}.zip", null, null, KEY, false),
                ANSWERS)).isEqualTo(ANSWERS);
        assertThat(ReleaseSourceCheck.withTrust(new Source("https://r.example.com/s-{version}.zip",
                "sha256:" + "a".repeat(64)), ANSWERS)).isEqualTo(ANSWERS);
        assertThat(ReleaseSourceCheck.withTrust(new Source("/srv/releases/s-{version}.zip", null), ANSWERS)).isEqualTo(ANSWERS);
        CheckResult down = CheckResult.fail(ReleaseSourceCheck.NAME, "does not answer", "check");
        assertThat(ReleaseSourceCheck.withTrust(new Source("https://r.example.com/s-{version}.zip", null), down)).isEqualTo(down);
    }
}
