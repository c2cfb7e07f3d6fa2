package dev.shipshape.reconcilers.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.model.swarm.SwarmServiceDefinition;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** When a service docker stack deploy made is taken over as it is, and why not. */
class AdoptionTest {
    static final Path EXPORT = Path.of("/srv/p/export");
    static final byte[] INDEX = "<p>hi</p>".getBytes(StandardCharsets.UTF_8);
    static final List<String> ONE_NODE = List.of("node-1");

    static SwarmServiceDefinition def() {
        return new SwarmServiceDefinition("p", "web", "r:5000/web@sha256:aa", null, List.of("run"), Map.of("PORT", "80"), null,
                List.of(new SwarmServiceDefinition.Volume("data", "/data", false)),
                List.of(new SwarmServiceDefinition.CarriedFile("./web/index.html", "/www/index.html", "p_web_index-0123",
                        Base64.getEncoder().encodeToString(INDEX))),
                null, null, null, 1, List.of("node.hostname==node-1"), Map.of(), List.of());
    }

    /** As docker stack deploy makes it from the export's compose in the hostnet form. */
    static ObservedService observed(String image, List<String> env) {
        return new ObservedService("id", "p_web", 7, Map.of(SwarmDeployer.STACK_NAMESPACE, "p", "com.docker.stack.image", "r:5000/web:1"),
                image, 1, env, List.of("run"), null, null);
    }

    static StackService stack(List<String> networks, byte[] bound, String bindSource) {
        return new StackService(List.of(), networks, List.of(
                new StackService.Mount("bind", bindSource, "/www/index.html", true, bound),
                new StackService.Mount("volume", "p_data", "/data", false, null)), List.of(), List.of());
    }

    @Test
    void aStackDeployedServiceOnTheHostNetworkThatMatchesIsAdopted() {
        Adoption.Verdict v = Adoption.judge(def(), observed("r:5000/web:1@sha256:aa", List.of("PORT=80")),
                stack(List.of("host"), INDEX, "/srv/p/export/web/index.html"), EXPORT, ONE_NODE);
        assertThat(v.adopt()).as(v.reason()).isTrue();
        assertThat(v.reason()).contains("matches the release").contains("tasks keep running");
    }

    @Test
    void theUnmodifiedExportOnTheStacksOverlayNetworkIsReplacedAndSaysSo() {
        Adoption.Verdict v = Adoption.judge(def(), observed("r:5000/web:1@sha256:aa", List.of("PORT=80")),
                stack(List.of("p_default"), INDEX, "/srv/p/export/web/index.html"), EXPORT, ONE_NODE);
        assertThat(v.adopt()).isFalse();
        assertThat(v.reason()).isEqualTo("made by docker stack deploy on network p_default: replaced to run on the host network");
    }

    @Test
    void anotherDigestEnvironmentFileOrVolumeIsNotAdoptedAndNamedWithoutValues() {
        Adoption.Verdict v = Adoption.judge(def(), observed("r:5000/web:1@sha256:bb", List.of("PORT=81")),
                new StackService(List.of(), List.of("host"), List.of(
                        new StackService.Mount("bind", "/srv/p/export/web/index.html", "/www/index.html", true, "x".getBytes()),
                        new StackService.Mount("volume", "other_data", "/data", false, null)), List.of(), List.of()),
                EXPORT, ONE_NODE);
        assertThat(v.adopt()).isFalse();
        assertThat(v.reason()).startsWith("made by docker stack deploy and differs from the release (")
                .contains("image r:5000/web:1@sha256:bb instead of r:5000/web@sha256:aa").contains("environment (PORT)")
                .doesNotContain("81").contains("with other content").contains("volumes [other_data:/data]")
                .endsWith("): replaced by the release's service");
    }

    @Test
    void aFileMustBeBoundFromTheExportFolderOnOneNodeOrCarriedAsAConfigWithTheSameBytes() {
        ObservedService o = observed("r:5000/web@sha256:aa", List.of("PORT=80"));
        assertThat(Adoption.judge(def(), o, stack(List.of("host"), INDEX, "/elsewhere/index.html"), EXPORT, ONE_NODE).reason())
                .contains("not from the export folder (/srv/p/export/web/index.html)");
        assertThat(Adoption.judge(def(), o, stack(List.of("host"), INDEX, "/srv/p/export/web/index.html"), EXPORT,
                List.of("node-1", "node-2")).reason()).contains("which the other nodes do not have");
        StackService asConfig = new StackService(List.of(), List.of("host"),
                List.of(new StackService.Mount("volume", "p_data", "/data", false, null)),
                List.of(new StackService.Carried(false, "p_index", "/www/index.html", INDEX)), List.of());
        assertThat(Adoption.judge(def(), o, asConfig, EXPORT, ONE_NODE).adopt()).isTrue();
        StackService asSecret = new StackService(List.of(), List.of("host"),
                List.of(new StackService.Mount("volume", "p_data", "/data", false, null)),
                List.of(new StackService.Carried(true, "p_index", "/www/index.html", null)), List.of());
        assertThat(Adoption.judge(def(), o, asSecret, EXPORT, ONE_NODE).reason()).contains("does not give back to compare");
    }

    @Test
    void onlyServicesShipshapeDidNotMakeAreCandidatesAndDigestsCompareWithoutTags() {
        assertThat(Adoption.madeByStackDeploy(observed("a@sha256:1", List.of()))).isTrue();
        assertThat(Adoption.madeByStackDeploy(new ObservedService("i", "p_web", 1, Map.of(SwarmDeployer.MANAGED, "true"), "a", 1,
                List.of(), List.of(), null, null))).isFalse();
        assertThat(Adoption.sameImage("127.0.0.1:5000/web@sha256:ab", "127.0.0.1:5000/web:1.0.0@sha256:ab")).isTrue();
        assertThat(Adoption.sameImage("127.0.0.1:5000/web@sha256:ab", "127.0.0.1:5000/api:1.0.0@sha256:ab")).isFalse();
        assertThat(Adoption.sameImage("127.0.0.1:5000/web@sha256:ab", "127.0.0.1:5000/web:1.0.0")).isFalse();
    }

    @Test
    void anImageWrittenInFullIsTheSameAsSwarmsShortFormWithTheSameDigest() {
        String digest = "@sha256:" + "a".repeat(64);
        assertThat(Adoption.sameImage("docker.io/library/nginx" + digest, "nginx:1.25" + digest)).isTrue();
        assertThat(Adoption.sameImage("docker.io/acme/web" + digest, "acme/web:2" + digest)).isTrue();
        assertThat(Adoption.sameImage("127.0.0.1:5000/acme/web" + digest, "127.0.0.1:5000/acme/web:2" + digest)).isTrue();
        assertThat(Adoption.sameImage("127.0.0.1:5000/acme/web" + digest, "acme/web:2" + digest)).isFalse();
        assertThat(Adoption.sameImage("nginx" + digest, "nginx:1.25@sha256:" + "b".repeat(64))).isFalse();
    }
}
