package dev.shipshape.reconcilers.images;

import dev.shipshape.model.Version;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.reconcilers.images.ImageCleanupSelection.ContainerImage;
import dev.shipshape.reconcilers.images.ImageCleanupSelection.LocalImage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImageCleanupSelectionTest {
    private static final String R = "reg.example/spacetech/";
    private static final Map<Version, List<ImageRef>> MANIFESTS = new LinkedHashMap<>();

    static {
        MANIFESTS.put(v("1.0.0"), refs("web:1.0.0", "api:1.0.0", "db:1.0.0"));
        MANIFESTS.put(v("1.1.0"), refs("web:1.1.0", "api:1.1.0", "db:1.0.0"));
        MANIFESTS.put(v("1.3.0"), refs("web:1.1.0", "api:1.1.0", "db:1.0.0", "cache:1.3.0"));
    }

    private final List<LocalImage> images = new ArrayList<>(List.of(
            image("id-web10", R + "web:1.0.0"), image("id-api10", R + "api:1.0.0"), image("id-db10", R + "db:1.0.0"),
            image("id-web11", R + "web:1.1.0"), image("id-api11", R + "api:1.1.0"), image("id-cache13", R + "cache:1.3.0"),
            image("id-other", "busybox:latest")));

    @Test
    void afterTheSecondUpgradeTheImagesOnlyTheOldestReleaseNamesAreRemoved() {
        assertThat(ImageCleanupSelection.select(v("1.3.0"), v("1.1.0"), MANIFESTS, images, List.of()))
                .containsExactly(R + "api:1.0.0", R + "web:1.0.0");
    }

    @Test
    void theFirstUpgradeKeepsThePreviousRelease() {
        assertThat(ImageCleanupSelection.select(v("1.1.0"), v("1.0.0"), MANIFESTS, images, List.of())).isEmpty();
        assertThat(ImageCleanupSelection.select(v("1.0.0"), null, MANIFESTS, images, List.of())).isEmpty();
    }

    @Test
    void aDowngradeKeepsBothVersions() {
        assertThat(ImageCleanupSelection.select(v("1.1.0"), v("1.3.0"), MANIFESTS, images, List.of()))
                .containsExactly(R + "api:1.0.0", R + "web:1.0.0");
        assertThat(ImageCleanupSelection.select(v("1.0.0"), v("1.3.0"), MANIFESTS, images, List.of())).isEmpty();
    }

    @Test
    void anImageAContainerWasCreatedFromIsKeptRunningOrNot() {
        List<ContainerImage> containers = List.of(new ContainerImage(R + "api:1.0.0", "id-api10"));
        assertThat(ImageCleanupSelection.select(v("1.3.0"), v("1.1.0"), MANIFESTS, images, containers))
                .containsExactly(R + "web:1.0.0");
    }

    @Test
    void theLastTagOfAnImageAContainerUsesByIdIsKeptButASecondTagMayGo() {
        List<ContainerImage> containers = List.of(new ContainerImage("sha256:abc", "id-web10"));
        assertThat(ImageCleanupSelection.select(v("1.3.0"), v("1.1.0"), MANIFESTS, images, containers))
                .containsExactly(R + "api:1.0.0");
        images.set(0, new LocalImage("id-web10", List.of(R + "web:1.0.0", "mirror/web:1.0.0"), List.of()));
        assertThat(ImageCleanupSelection.select(v("1.3.0"), v("1.1.0"), MANIFESTS, images, containers))
                .containsExactly(R + "api:1.0.0", R + "web:1.0.0");
    }

    @Test
    void onlyNamesTheManifestsHaveAndTheHostHasAreCandidates() {
        images.removeIf(i -> i.repoTags().contains(R + "web:1.0.0"));
        assertThat(ImageCleanupSelection.select(v("1.3.0"), v("1.1.0"), MANIFESTS, images, List.of()))
                .containsExactly(R + "api:1.0.0").doesNotContain("busybox:latest");
    }

    @Test
    void aPinnedOldImageIsRemovedByItsTagAndItsDigest() {
        String digest = "sha256:" + "a".repeat(64);
        Map<Version, List<ImageRef>> m = new LinkedHashMap<>(MANIFESTS);
        m.put(v("1.0.0"), List.of(ImageRef.parse(R + "api:1.0.0@" + digest)));
        images.set(1, new LocalImage("id-api10", List.of(R + "api:1.0.0"), List.of(R + "api@" + digest)));
        assertThat(ImageCleanupSelection.select(v("1.3.0"), v("1.1.0"), m, images, List.of()))
                .containsExactly(R + "api:1.0.0", R + "api@" + digest);
    }

    private static Version v(String s) {
        return Version.parse(s);
    }

    private static List<ImageRef> refs(String... names) {
        return java.util.Arrays.stream(names).map(n -> ImageRef.parse(R + n)).toList();
    }

    private static LocalImage image(String id, String tag) {
        return new LocalImage(id, List.of(tag), List.of());
    }
}
