package dev.shipshape.reconcilers.export;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Version;
import dev.shipshape.model.config.ConfigHash;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.reconcilers.ProjectContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RenderCacheTest {
    private static final String SECRETS = "db.password: a1b2c3d4e5\napi.token: f00dfeedf00dfeed\n";

    @TempDir
    Path tmp;

    private TestProject p;
    private CountingTemplates templates;
    private RenderCache cache;
    private ReleaseRenderer renderer;

    /** Counts real renderings: a reused result never gets here. */
    static final class CountingTemplates extends TemplateRenderer {
        private int renders;

        @Override
        public synchronized SortedMap<String, byte[]> render(Path packageDir, Map<String, Object> context) {
            renders++;
            return super.render(packageDir, context);
        }

        synchronized int renders() {
            return renders;
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        p = new TestProject(tmp);
        p.generatedSecret(SECRETS);
        p.global("web:\n  title: AAAA\n");
        ageAll();
        templates = new CountingTemplates();
        // A clock an hour ahead: files written by the test are past the racy window, so results are kept.
        cache = new RenderCache(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), RenderCache.RACY_WINDOW);
        renderer = new ReleaseRenderer(TestProject.loader(), TestProject.secrets(), templates, cache);
    }

    private DesiredState desired() {
        return renderer.desiredState(p.context(), p.store());
    }

    private static String digest(String text) {
        return ConfigHash.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String indexHtml(String title) {
        return digest("<h1>" + title + "</h1> spacetech 1.1.0\n");
    }

    private String indexDigest() {
        return desired().rendered().fileDigests().get("web/index.html");
    }

    @Test
    void sameInputsAreRenderedOnce() {
        DesiredState first = desired();
        DesiredState second = desired();

        assertThat(templates.renders()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(second.rendered()).isSameAs(first.rendered());
        assertThat(second.rendered().fileDigests().get("web/index.html")).isEqualTo(indexHtml("AAAA"));
    }

    @Test
    void globalYamlEditedInPlaceWithTheSameSizeIsRenderedAgain() {
        assertThat(indexDigest()).isEqualTo(indexHtml("AAAA"));
        p.global("web:\n  title: BBBB\n");

        assertThat(indexDigest()).isEqualTo(indexHtml("BBBB"));
        assertThat(templates.renders()).isEqualTo(2);
    }

    @Test
    void globalYamlReplacedByRenameWithTheSameSizeAndTimeIsRenderedAgain() throws IOException {
        Path global = p.context().paths().globalYaml();
        FileTime before = Files.getLastModifiedTime(global);
        assertThat(indexDigest()).isEqualTo(indexHtml("AAAA"));
        // How editors save: a new file renamed over the old one; here even with the old modification time.
        Path temp = global.resolveSibling(".global.yaml.swp");
        Files.writeString(temp, "web:\n  title: CCCC\n");
        Files.setLastModifiedTime(temp, before);
        Files.move(temp, global, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertThat(indexDigest()).isEqualTo(indexHtml("CCCC"));
        assertThat(templates.renders()).isEqualTo(2);
    }

    @Test
    void sameSizeEditWithItsModificationTimeRestoredIsRenderedAgain() throws IOException {
        Path global = p.context().paths().globalYaml();
        FileTime before = Files.getLastModifiedTime(global);
        assertThat(indexDigest()).isEqualTo(indexHtml("AAAA"));
        awaitChangeTimeTick(global);
        // `cp -p` over the file or `touch -r`: same inode, size and mtime; only the change time tells.
        Files.writeString(global, "web:\n  title: DDDD\n");
        Files.setLastModifiedTime(global, before);

        assertThat(indexDigest()).isEqualTo(indexHtml("DDDD"));
        assertThat(templates.renders()).isEqualTo(2);
    }

    @Test
    void userSecretAddedIsRenderedAgain() {
        assertThat(indexDigest()).isEqualTo(indexHtml("AAAA"));
        p.userSecret("web:\n  title: from-user\n");

        assertThat(indexDigest()).isEqualTo(indexHtml("from-user"));
        assertThat(templates.renders()).isEqualTo(2);
    }

    @Test
    void generatedSecretChangedIsRenderedAgain() {
        String before = desired().rendered().fileDigests().get("web.env");
        assertThat(before).isEqualTo(digest("DB_USER=app\nDB_PASSWORD=a1b2c3d4e5\nTOKEN=f00dfeedf00dfeed\n"));
        p.generatedSecret(SECRETS.replace("a1b2c3d4e5", "z9y8x7w6v5"));

        assertThat(desired().rendered().fileDigests().get("web.env"))
                .isEqualTo(digest("DB_USER=app\nDB_PASSWORD=z9y8x7w6v5\nTOKEN=f00dfeedf00dfeed\n"));
        assertThat(templates.renders()).isEqualTo(2);
    }

    @Test
    void missingSecretsAreReusedUntilTheyAreGenerated() throws IOException {
        Files.delete(p.context().paths().generatedSecret());
        assertThat(desired().missingSecrets()).containsExactly("db.password", "api.token");
        assertThat(desired().missingSecrets()).containsExactly("db.password", "api.token");
        assertThat(cache.hits()).isEqualTo(1);

        TestProject.secrets().ensure(p.context().paths(), p.store().manifest(TestProject.VERSION).orElseThrow());
        DesiredState after = desired();
        assertThat(after.missingSecrets()).isEmpty();
        assertThat(after.rendered()).isNotNull();
        assertThat(templates.renders()).isEqualTo(1);
    }

    @Test
    void packageFileChangedWithTheSameSizeIsRenderedAgain() {
        assertThat(indexDigest()).isEqualTo(indexHtml("AAAA"));
        TestProject.write(p.packageFile("config/web/index.html.tmpl"),
                "<h2>{{web.title}}</h2> {{project.name}} {{release.version}}\n");

        assertThat(indexDigest()).isEqualTo(digest("<h2>AAAA</h2> spacetech 1.1.0\n"));
        assertThat(templates.renders()).isEqualTo(2);
    }

    @Test
    void packageFileAddedIsRenderedAgain() {
        assertThat(desired().rendered().fileDigests()).doesNotContainKey("extra.txt");
        TestProject.write(p.packageFile("config/extra.txt"), "x\n");

        assertThat(desired().rendered().fileDigests()).containsEntry("extra.txt", digest("x\n"));
        assertThat(templates.renders()).isEqualTo(2);
    }

    @Test
    void specConfigChangedIsRenderedAgain() {
        assertThat(indexDigest()).isEqualTo(indexHtml("AAAA"));
        p.config = Map.of("web", Map.of("title", "EEEE"));

        assertThat(indexDigest()).isEqualTo(indexHtml("EEEE"));
        assertThat(templates.renders()).isEqualTo(2);
    }

    @Test
    void specConfigNestedMapChangedInPlaceIsRenderedAgain() {
        Map<String, Object> web = new LinkedHashMap<>(Map.of("title", "FFFF"));
        p.config = Map.of("web", web);
        ProjectContext ctx = p.context();
        assertThat(renderer.desiredState(ctx, p.store()).rendered().fileDigests().get("web/index.html"))
                .isEqualTo(indexHtml("FFFF"));
        // ServerSpec copies only the top level: the cache must not share the nested map.
        web.put("title", "GGGG");

        assertThat(renderer.desiredState(ctx, p.store()).rendered().fileDigests().get("web/index.html"))
                .isEqualTo(indexHtml("GGGG"));
        assertThat(templates.renders()).isEqualTo(2);
    }

    @Test
    void snapshotOfConfigSeesKeyOrderAndValueTypes() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);
        assertThat(ab).isEqualTo(ba);
        assertThat(InputFingerprint.snapshot(ab)).isNotEqualTo(InputFingerprint.snapshot(ba));
        assertThat(InputFingerprint.snapshot(Map.of("a", 1))).isNotEqualTo(InputFingerprint.snapshot(Map.of("a", 1L)));
        assertThat(InputFingerprint.snapshot(Map.of("a", new byte[]{1})))
                .isEqualTo(InputFingerprint.snapshot(Map.of("a", new byte[]{1})))
                .isNotEqualTo(InputFingerprint.snapshot(Map.of("a", new byte[]{2})));
    }

    @Test
    void otherVersionIsRenderedForItselfAndBothAreKept() throws IOException {
        Version next = Version.parse("1.2.0");
        Path nextDir = p.context().paths().packageDir(next);
        copyTree(p.packageDir(), nextDir);
        TestProject.write(nextDir.resolve("manifest.yaml"), TestProject.MANIFEST.replace("1.1.0", "1.2.0"));
        ageAll();

        DesiredState current = desired();
        DesiredState upgraded = renderer.desiredState(p.context(), p.store(), next, List.of(next), null);
        assertThat(upgraded.manifest().version()).isEqualTo(next);
        assertThat(upgraded.rendered().fileDigests().get("web/index.html")).isEqualTo(digest("<h1>AAAA</h1> spacetech 1.2.0\n"));
        assertThat(current.rendered().fileDigests().get("web/index.html")).isEqualTo(indexHtml("AAAA"));
        assertThat(templates.renders()).isEqualTo(2);

        desired();
        renderer.desiredState(p.context(), p.store(), next, List.of(next), null);
        assertThat(templates.renders()).isEqualTo(2);
        assertThat(cache.hits()).isEqualTo(2);
    }

    @Test
    void failuresAreNotKeptAndAFixWorksAtOnce() {
        assertThat(indexDigest()).isEqualTo(indexHtml("AAAA"));
        p.global("web: [not, a, map\n");
        assertThatThrownBy(this::desired).isInstanceOf(InvalidInputException.class).hasMessageContaining("global.yaml");
        assertThatThrownBy(this::desired).isInstanceOf(InvalidInputException.class).hasMessageContaining("global.yaml");
        assertThat(cache.misses()).isEqualTo(3);
        assertThat(cache.hits()).isZero();

        p.global("web:\n  title: HHHH\n");
        assertThat(indexDigest()).isEqualTo(indexHtml("HHHH"));
    }

    @Test
    void renderingFailureIsReportedEveryPass() {
        // Fails after rendering (the compose file runs an image the manifest does not name): nothing is kept.
        TestProject.write(p.packageFile("config/compose.yaml.tmpl"),
                TestProject.COMPOSE.replace("{{images.web}}", "evil.example.com/web:1"));
        assertThatThrownBy(this::desired).isInstanceOf(InvalidInputException.class).hasMessageContaining("evil.example.com");
        assertThatThrownBy(this::desired).isInstanceOf(InvalidInputException.class).hasMessageContaining("evil.example.com");
        assertThat(templates.renders()).isEqualTo(2);
        assertThat(cache.hits()).isZero();
    }

    @Test
    void inputsChangedWithinTheRacyWindowAreNotKept() {
        // The real clock: the test's files were just written, so a same-tick edit could hide.
        RenderCache racy = new RenderCache();
        ReleaseRenderer fresh = new ReleaseRenderer(TestProject.loader(), TestProject.secrets(), templates, racy);
        p.global("web:\n  title: IIII\n");
        fresh.desiredState(p.context(), p.store());
        fresh.desiredState(p.context(), p.store());

        assertThat(templates.renders()).isEqualTo(2);
        assertThat(racy.hits()).isZero();
    }

    @Test
    void concurrentPassesGetTheSameResult() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> passes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                passes.add(this::indexDigest);
            }
            List<String> digests = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(passes, 30, TimeUnit.SECONDS)) {
                digests.add(f.get());
            }
            assertThat(Set.copyOf(digests)).containsExactly(indexHtml("AAAA"));
            assertThat(cache.hits() + cache.misses()).isEqualTo(16);
            assertThat(templates.renders()).isEqualTo((int) cache.misses());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sets every file's modification time an hour back, so that an edit by the test always changes it. */
    private void ageAll() throws IOException {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (Stream<Path> files = Files.walk(p.projectDir)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, old);
            }
        }
    }

    /** Waits until a change made now gets a later change time than {@code file}'s (file systems stamp by clock tick). */
    private void awaitChangeTimeTick(Path file) throws IOException {
        FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime");
        Path probe = tmp.resolve("tick-probe");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> {
            Files.writeString(probe, "x");
            return ((FileTime) Files.getAttribute(probe, "unix:ctime")).compareTo(changed) > 0;
        });
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
