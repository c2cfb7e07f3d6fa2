package dev.shipshape.model.desired;

import dev.shipshape.model.Problem;
import dev.shipshape.model.Version;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** spec.source.index, spec.updates and spec.rollout.approval in the reader (issue 18). */
class UpdatesRulesTest {
    private static final String INDEX = "    index: https://releases.example.com/index.yaml\n";

    private static String file(String source, String spec) {
        return DesiredFileTest.VALID.replace("    url: https://releases.example.com/server-linux-x64-{version}.zip\n",
                "    url: https://releases.example.com/server-linux-x64-{version}.zip\n" + source) + spec;
    }

    private static List<String> problems(String text) {
        return DesiredFileValidator.problems(text).stream().map(p -> p.field() + ": " + p.message()).toList();
    }

    @Test
    void aCompleteUpdatesBlockIsReadWithItsDefaults() {
        DesiredFile f = DesiredFile.parse(Path.of("server.yaml"), file(INDEX,
                "  updates: {policy: patch, mode: auto, check: 30m}\n  rollout:\n    approval: required\n"));
        assertThat(f.spec().updates()).isEqualTo(new Updates(Updates.Policy.PATCH, Updates.Mode.AUTO, Duration.ofMinutes(30)));
        assertThat(f.spec().source().index()).isEqualTo("https://releases.example.com/index.yaml");
        assertThat(f.spec().rollout().approvalRequired()).isTrue();
        DesiredFile defaults = DesiredFile.parse(Path.of("server.yaml"), file(INDEX, "  updates: {}\n"));
        assertThat(defaults.spec().updates()).isEqualTo(new Updates(Updates.Policy.MINOR, Updates.Mode.NOTIFY, Duration.ofHours(6)));
        assertThat(DesiredFile.parse(Path.of("server.yaml"), DesiredFileTest.VALID).spec().updates()).isNull();
    }

    @Test
    void retargetingKeepsTheGenerationAndTheRest() {
        DesiredFile f = DesiredFile.parse(Path.of("server.yaml"), file(INDEX, "  updates: {mode: auto}\n"));
        DesiredFile aimed = f.retargeted(Version.parse("3.9.0"));
        assertThat(aimed.spec().version()).isEqualTo(Version.parse("3.9.0"));
        assertThat(aimed.generation()).isEqualTo(f.generation());
        assertThat(aimed.spec().updates()).isEqualTo(f.spec().updates());
        assertThat(f.retargeted(f.spec().version())).isSameAs(f);
    }

    @Test
    void refusalsNameTheFieldAndWhatToDo() {
        assertThat(problems(file("", "  updates: {policy: sometimes, mode: Auto, check: 2d}\n"))).containsExactly(
                "spec.updates: updates need a release index to find new releases in; add spec.source.index (the vendor's"
                        + " index.yaml or index.json), or remove spec.updates",
                "spec.updates.policy: 'sometimes' is not a policy; use patch (1.1.x only), minor (1.x) or major (any newer release)",
                "spec.updates.mode: 'Auto' is not a mode; use notify (show and tell), approve (wait for shipshape approve)"
                        + " or auto (upgrade on its own)",
                "spec.updates.check: '2d' is not a duration; write it like 30s, 2m or 1h30m")
                .as("sorted by position");
    }

    @Test
    void aChecksumPinAndAnUnprotectedHttpIndexAreRefused() {
        assertThat(problems(file(INDEX + "    checksum: sha256:" + "0".repeat(64) + "\n", "  updates: {mode: auto}\n")))
                .singleElement().asString().startsWith("spec.source.checksum: a checksum pins one package");
        assertThat(problems(file(INDEX + "    checksum: sha256:" + "0".repeat(64) + "\n", "  updates: {mode: notify}\n")))
                .isEmpty();
        assertThat(problems(file("    index: http://releases.example.com/index.yaml\n", "")))
                .singleElement().asString().startsWith("spec.source.index: an http:// index without source.publicKey");
        assertThat(problems(file("    index: ftp://x/index.yaml\n", ""))).singleElement().asString()
                .startsWith("spec.source.index: index must be an http://, https:// or file:// URL");
        assertThat(problems(DesiredFileTest.VALID + "  rollout:\n    approval: maybe\n")).containsExactly(
                "spec.rollout.approval: 'maybe' is not an approval setting; use none (changes roll out on their own) or"
                        + " required (they wait for shipshape approve)");
        List<Problem> none = DesiredFileValidator.problems(file(INDEX, "  updates:\n    policy: major\n  rollout: {approval: none}\n"));
        assertThat(none).isEmpty();
    }
}
