package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ComposeParser;
import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.config.ConfigHash;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.ImagePins;
import dev.shipshape.model.desired.RenderedRelease;
import dev.shipshape.model.desired.Rollout;
import dev.shipshape.model.desired.RolloutStrategy;
import dev.shipshape.model.desired.RunState;
import dev.shipshape.model.desired.ServerSpec;
import dev.shipshape.model.desired.Source;
import dev.shipshape.model.observed.ContainerState;
import dev.shipshape.model.observed.Health;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.observed.ObservedContainer;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.model.release.JobSpec;
import dev.shipshape.model.release.ReleaseManifest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlannerTest {
    static final String PROJECT = "spacetech";
    static final String REG = "127.0.0.1:5000/spacetech/";

    private final Planner planner = new Planner();

    // ---------- builders ----------

    static String compose(String dbImage, String apiImage, String webImage, String apiGreeting) {
        return """
                services:
                  db:
                    image: "%s"
                    environment: {DB_PORT: "18303"}
                    volumes: [db-data:/data]
                    network_mode: host
                  api:
                    image: "%s"
                    environment: {API_GREETING: "%s"}
                    depends_on: {db: {condition: service_healthy}}
                    network_mode: host
                  web:
                    image: "%s"
                    volumes: ["./web/index.html:/www/index.html:ro"]
                    depends_on: [api]
                    network_mode: host
                volumes:
                  db-data: {}
                """.formatted(dbImage, apiImage, apiGreeting, webImage);
    }

    static final String V1_COMPOSE = compose(REG + "db:1.0.0", REG + "api:1.0.0", REG + "web:1.0.0", "hello");
    static final String V2_COMPOSE = compose(REG + "db:1.0.0", REG + "api:1.1.0", REG + "web:1.1.0", "hello from orbit");
    static final Map<String, String> V1_FILES = Map.of("compose.yaml", "c1", "web/index.html", "i1");
    static final Map<String, String> V2_FILES = Map.of("compose.yaml", "c2", "web/index.html", "i2");

    static ServerSpec spec(String version, RunState state, boolean allowDowngrade) {
        return new ServerSpec(Version.parse(version), new Source("https://releases.example.com/s-{version}.zip", null),
                "projects/spacetech", Map.of(), ImagePins.NONE,
                new Rollout(Duration.ofSeconds(60), true, allowDowngrade, null, RolloutStrategy.ONE_AT_A_TIME), state, false);
    }

    static ServerSpec spec(String version) {
        return spec(version, RunState.RUNNING, false);
    }

    static ReleaseManifest manifest(String version, String upgradeFrom, List<JobSpec> jobs, String... images) {
        Map<String, ImageRef> refs = new LinkedHashMap<>();
        for (String i : images) {
            ImageRef r = ImageRef.parse(i);
            String svc = r.repository().substring(r.repository().lastIndexOf('/') + 1);
            refs.put(svc, r);
        }
        return new ReleaseManifest("spacetech-server", Version.parse(version),
                upgradeFrom == null ? null : Version.parse(upgradeFrom), refs, List.of(), jobs, List.of("a notice"));
    }

    static final ReleaseManifest M1 = manifest("1.0.0", null, List.of(), REG + "db:1.0.0", REG + "api:1.0.0", REG + "web:1.0.0");
    static final ReleaseManifest M2 = manifest("1.1.0", "1.0.0", List.of(), REG + "db:1.0.0", REG + "api:1.1.0", REG + "web:1.1.0");

    static RenderedRelease rendered(String composeText, Map<String, String> files) {
        ComposeProject p = new ComposeParser("compose.yaml", f -> Optional.empty()).parse(composeText);
        return new RenderedRelease(p, files);
    }

    static final RenderedRelease R1 = rendered(V1_COMPOSE, V1_FILES);
    static final RenderedRelease R2 = rendered(V2_COMPOSE, V2_FILES);

    static DesiredState desired(ServerSpec spec, ReleaseManifest m, RenderedRelease r) {
        return new DesiredState(PROJECT, spec, m, List.of(), r);
    }

    static InstalledRecord installed(String v) {
        return InstalledRecord.next(null, Version.parse(v), Instant.parse("2024-01-01T00:00:00Z"));
    }

    static Map<String, String> images(String... refs) {
        Map<String, String> m = new HashMap<>();
        for (String r : refs) {
            m.put(r, "id-" + r.substring(r.lastIndexOf('/') + 1));
        }
        return m;
    }

    static final Map<String, String> V1_IMAGES = images(REG + "db:1.0.0", REG + "api:1.0.0", REG + "web:1.0.0");

    /** The container shipshape would have created for {@code svc} of {@code r}. */
    static ObservedContainer container(RenderedRelease r, String svc, ContainerState state, String version) {
        ServiceSpec s = r.compose().services().get(svc);
        return new ObservedContainer("cid-" + svc + "-" + version, s.containerName(PROJECT), svc, s.image(),
                "id-" + s.image().substring(s.image().lastIndexOf('/') + 1), ConfigHash.of(s, r.fileDigests()), version,
                state, Health.HEALTHY, true);
    }

    static List<ObservedContainer> running(RenderedRelease r, String version) {
        return List.of(container(r, "db", ContainerState.RUNNING, version), container(r, "api", ContainerState.RUNNING, version),
                container(r, "web", ContainerState.RUNNING, version));
    }

    static ObservedState convergedV1(List<ObservedContainer> containers) {
        return new ObservedState(Set.of(Version.parse("1.0.0")), R1.exportHash(), installed("1.0.0"), V1_IMAGES, containers);
    }

    static List<String> kinds(Plan p) {
        return p.actions().stream().map(Action::kind).toList();
    }

    static List<String> describe(Plan p) {
        return p.actions().stream().map(Action::describe).toList();
    }

    // ---------- cases ----------

    @Test
    void nothingInstalledAndPackageMissingDownloadsAndWaits() {
        ObservedState empty = new ObservedState(Set.of(), null, null, Map.of(), List.of());
        Plan plan = planner.plan(DesiredState.packageMissing(PROJECT, spec("1.0.0")), empty);
        assertThat(plan.actions()).containsExactly(
                new DownloadRelease(Version.parse("1.0.0"), java.net.URI.create("https://releases.example.com/s-1.0.0.zip")));
        assertThat(plan.waitingFor()).isNotEmpty();
        assertThat(plan.converged()).isFalse();
        assertThat(plan.target()).isEqualTo(Version.parse("1.0.0"));
        assertThat(plan.installed()).isNull();
    }

    @Test
    void packageStoredButSecretsMissingPullsExportsAndWaits() {
        ObservedState obs = new ObservedState(Set.of(Version.parse("1.0.0")), null, null, Map.of(), List.of());
        DesiredState d = new DesiredState(PROJECT, spec("1.0.0"), M1, List.of("db.password"), null);
        Plan plan = planner.plan(d, obs);
        assertThat(kinds(plan)).containsExactly("pull", "export");
        assertThat(((PullImages) plan.actions().get(0)).images()).containsExactlyElementsOf(M1.images().values());
        assertThat(plan.actions().get(1)).isEqualTo(new ExportRelease(Version.parse("1.0.0"), List.of("db.password")));
        assertThat(plan.waitingFor()).isNotEmpty();
        assertThat(plan.notices()).containsExactly("a notice");
    }

    @Test
    void fullyRenderedNothingOnHostInstallsInDependencyOrder() {
        ObservedState obs = new ObservedState(Set.of(Version.parse("1.0.0")), null, null, Map.of(), List.of());
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), obs);
        assertThat(kinds(plan)).containsExactly("pull", "export", "create", "create", "create", "record");
        assertThat(plan.actions().subList(2, 5)).extracting(a -> ((CreateService) a).spec().name())
                .containsExactly("db", "api", "web");
        CreateService db = (CreateService) plan.actions().get(2);
        assertThat(db.configHash()).isEqualTo(ConfigHash.of(R1.compose().services().get("db"), V1_FILES));
        assertThat(db.version()).isEqualTo(Version.parse("1.0.0"));
        assertThat(plan.actions().get(5)).isEqualTo(new RecordInstalled(Version.parse("1.0.0"), null));
        assertThat(plan.waitingFor()).isEmpty();
        assertThat(plan.actions()).noneMatch(Action::disruptive);
    }

    @Test
    void convergedHostGivesAnEmptyPlan() {
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(running(R1, "1.0.0")));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.waitingFor()).isEmpty();
        assertThat(plan.converged()).isTrue();
        assertThat(plan.installed()).isEqualTo(Version.parse("1.0.0"));
    }

    @Test
    void newVersionRecreatesOnlyChangedServicesAndPullsOnlyMissingImages() {
        Plan plan = planner.plan(desired(spec("1.1.0"), M2, R2), convergedV1(running(R1, "1.0.0")));
        assertThat(kinds(plan)).containsExactly("pull", "export", "recreate", "recreate", "record");
        assertThat(((PullImages) plan.actions().get(0)).images()).extracting(ImageRef::toString)
                .containsExactly(REG + "api:1.1.0", REG + "web:1.1.0");
        RecreateService api = (RecreateService) plan.actions().get(2);
        RecreateService web = (RecreateService) plan.actions().get(3);
        assertThat(api.spec().name()).isEqualTo("api");
        assertThat(api.oldContainerId()).isEqualTo("cid-api-1.0.0");
        assertThat(api.reasons()).singleElement().asString().contains("api:1.0.0 -> " + REG + "api:1.1.0");
        assertThat(web.spec().name()).isEqualTo("web");
        assertThat(api.disruptive()).isTrue();
        assertThat(plan.actions()).noneMatch(a -> a instanceof RecreateService r && r.spec().name().equals("db"));
        assertThat(plan.actions().get(4)).isEqualTo(new RecordInstalled(Version.parse("1.1.0"), Version.parse("1.0.0")));
    }

    @Test
    void everyActionSaysWhyWithAStableReason() {
        Plan upgrade = planner.plan(desired(spec("1.1.0"), M2, R2), convergedV1(running(R1, "1.0.0")));
        assertThat(upgrade.actions()).extracting(a -> a.why().code())
                .containsExactly("images-missing", "export-outdated", "image-changed", "image-changed", "version-changed");
        assertThat(upgrade.actions().get(2).detail()).contains("api:1.0.0 -> " + REG + "api:1.1.0");

        RenderedRelease changed = rendered(V1_COMPOSE, Map.of("compose.yaml", "c1", "web/index.html", "i1-new"));
        Plan config = planner.plan(desired(spec("1.0.0"), M1, changed), convergedV1(running(R1, "1.0.0")));
        assertThat(config.actions()).extracting(Action::why).containsExactly(Reason.EXPORT_OUTDATED, Reason.CONFIG_CHANGED);

        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        cs.set(1, container(R1, "api", ContainerState.EXITED, "1.0.0"));
        cs.remove(2);
        Plan heal = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(cs));
        assertThat(heal.actions()).extracting(Action::why).containsExactly(Reason.STOPPED, Reason.MISSING);

        ObservedState empty = new ObservedState(Set.of(), null, null, Map.of(), List.of());
        assertThat(planner.plan(DesiredState.packageMissing(PROJECT, spec("1.0.0")), empty).actions())
                .extracting(Action::why).containsExactly(Reason.PACKAGE_MISSING);
        assertThat(upgrade.held()).as("no window, nothing held").isNull();
    }

    @Test
    void configurationOnlyChangeRecreatesWithReason() {
        RenderedRelease changed = rendered(compose(REG + "db:1.0.0", REG + "api:1.0.0", REG + "web:1.0.0", "hi"), V1_FILES);
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, changed), convergedV1(running(R1, "1.0.0")));
        // The export changed too (same digests were given here, so it did not): only api is recreated.
        assertThat(kinds(plan)).containsExactly("recreate");
        assertThat(((RecreateService) plan.actions().get(0)).reasons()).containsExactly("configuration changed");
    }

    @Test
    void boundFileChangeRecreatesOnlyTheServiceThatMountsIt() {
        RenderedRelease changed = rendered(V1_COMPOSE, Map.of("compose.yaml", "c1", "web/index.html", "i1-new"));
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, changed), convergedV1(running(R1, "1.0.0")));
        assertThat(kinds(plan)).containsExactly("export", "recreate");
        assertThat(((RecreateService) plan.actions().get(1)).spec().name()).isEqualTo("web");
    }

    @Test
    void stoppedContainerWithMatchingHashIsStarted() {
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        cs.set(1, container(R1, "api", ContainerState.EXITED, "1.0.0"));
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(cs));
        assertThat(plan.actions()).containsExactly(new StartService("api", "cid-api-1.0.0", "container is exited"));
    }

    @Test
    void aNewContainerLeftUnconfirmedByAnInterruptedRolloutIsHealthGatedBeforeTheRecord() {
        ObservedContainer api = container(R2, "api", ContainerState.RUNNING, "1.1.0");
        ObservedContainer starting = new ObservedContainer(api.id(), api.name(), api.service(), api.image(), api.imageId(),
                api.configHash(), api.version(), api.state(), Health.STARTING, true);
        List<ObservedContainer> cs = List.of(container(R2, "db", ContainerState.RUNNING, "1.0.0"), starting,
                container(R1, "web", ContainerState.RUNNING, "1.0.0"));
        Map<String, String> localImages = new HashMap<>(V1_IMAGES);
        localImages.putAll(images(REG + "api:1.1.0", REG + "web:1.1.0"));
        ObservedState observed = new ObservedState(Set.of(Version.parse("1.0.0"), Version.parse("1.1.0")), R2.exportHash(),
                installed("1.0.0"), localImages, cs);
        Plan plan = planner.plan(desired(spec("1.1.0"), M2, R2), observed);
        assertThat(kinds(plan)).containsExactly("start", "recreate", "record");
        assertThat(((StartService) plan.actions().get(0)).service()).isEqualTo("api");
        assertThat(plan.actions().get(0).describe()).contains("health check has not passed yet");
        assertThat(((StartService) plan.actions().get(0)).isHealthRecheck()).isTrue();
        assertThat(new StartService("api", "x", "container is exited").isHealthRecheck()).isFalse();

        // once the version is recorded, a starting container is healing's business: no gate in the plan
        ObservedState recorded = new ObservedState(observed.storedPackages(), observed.exportHash(), installed("1.1.0"),
                localImages, List.of(container(R2, "db", ContainerState.RUNNING, "1.0.0"), starting,
                container(R2, "web", ContainerState.RUNNING, "1.1.0")));
        assertThat(planner.plan(desired(spec("1.1.0"), M2, R2), recorded).actions()).isEmpty();
    }

    @Test
    void containerMissingIsCreated() {
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        cs.remove(2);
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(cs));
        assertThat(kinds(plan)).containsExactly("create");
        assertThat(((CreateService) plan.actions().get(0)).reason()).isEqualTo("no container");
    }

    @Test
    void changedLocalImageContentRecreates() {
        Map<String, String> imgs = new HashMap<>(V1_IMAGES);
        imgs.put(REG + "api:1.0.0", "id-rebuilt");
        ObservedState obs = new ObservedState(Set.of(), R1.exportHash(), installed("1.0.0"), imgs, running(R1, "1.0.0"));
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), obs);
        assertThat(kinds(plan)).containsExactly("recreate");
        RecreateService r = (RecreateService) plan.actions().get(0);
        assertThat(r.spec().name()).isEqualTo("api");
        assertThat(r.reasons()).containsExactly("image content changed");
    }

    @Test
    void containerNotCreatedByShipshapeIsRecreated() {
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        ObservedContainer db = cs.get(0);
        cs.set(0, new ObservedContainer(db.id(), db.name(), "db", db.image(), db.imageId(), null, null,
                ContainerState.RUNNING, Health.NONE, false));
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(cs));
        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(RecreateService.class,
                r -> assertThat(r.reasons()).containsExactly("not created by shipshape"));
    }

    @Test
    void leftoverContainerWithNonCanonicalNameIsRemoved() {
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        ObservedContainer web = cs.get(2);
        cs.add(new ObservedContainer("old-web", "spacetech_web_1", "web", web.image(), web.imageId(), web.configHash(),
                "1.0.0", ContainerState.RUNNING, Health.HEALTHY, false));
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(cs));
        assertThat(plan.actions()).containsExactly(new RemoveContainer("old-web", "spacetech_web_1", "left over from replacing web"));
    }

    @Test
    void leftoverOfAServiceToBeCreatedIsRemovedBeforeTheCreateSoItsPortIsFree() {
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        ObservedContainer web = cs.remove(2);
        cs.add(new ObservedContainer("aside-web", "0123456789ab_spacetech-web-1", "web", web.image(), web.imageId(),
                web.configHash(), "1.0.0", ContainerState.RUNNING, Health.HEALTHY, true));
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(cs));
        assertThat(kinds(plan)).containsExactly("remove", "create");
        assertThat(((RemoveContainer) plan.actions().get(0)).containerId()).isEqualTo("aside-web");
    }

    // A replacement is created under a temporary name (RecreateServiceReconciler) while the old container keeps
    // the service's name until the new one is healthy: whatever instant a crash hits, the next plan finishes it.

    /** The replacement of {@code svc} of {@code r}, as a crash left it: "<name>-next-<old id>". */
    static ObservedContainer replacement(RenderedRelease r, String svc, ContainerState state, String version) {
        ObservedContainer c = container(r, svc, state, version);
        return new ObservedContainer("new-" + svc, c.name() + "-next-0123456789ab", svc, c.image(), c.imageId(),
                c.configHash(), version, state, Health.STARTING, true);
    }

    @Test
    void aCrashBeforeTheReplacementWasHealthyRemovesItAndReplacesTheStoppedOldOneAgain() {
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        cs.set(2, container(R1, "web", ContainerState.EXITED, "1.0.0"));
        cs.add(replacement(R2, "web", ContainerState.RUNNING, "1.1.0"));
        ObservedState obs = new ObservedState(Set.of(Version.parse("1.0.0"), Version.parse("1.1.0")), R2.exportHash(),
                installed("1.0.0"), images(REG + "db:1.0.0", REG + "api:1.1.0", REG + "web:1.1.0"), cs);
        Plan plan = planner.plan(desired(spec("1.1.0"), M2, R2), obs);
        assertThat(kinds(plan)).containsExactly("recreate", "remove", "recreate", "record");
        assertThat(((RemoveContainer) plan.actions().get(1)).containerId()).isEqualTo("new-web");
        assertThat(((RecreateService) plan.actions().get(2)).oldContainerId()).isEqualTo("cid-web-1.0.0");
    }

    @Test
    void aCrashBetweenRemovingTheOldAndTakingTheNameRemovesTheReplacementAndCreatesTheService() {
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        cs.set(2, replacement(R1, "web", ContainerState.RUNNING, "1.0.0"));
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(cs));
        assertThat(kinds(plan)).containsExactly("remove", "create");
        assertThat(((RemoveContainer) plan.actions().get(0)).containerId()).isEqualTo("new-web");
    }

    @Test
    void aRollbackAfterAnUnhealthyReplacementRemovesItAndStartsTheOldContainerAgain() {
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        cs.set(2, container(R1, "web", ContainerState.EXITED, "1.0.0"));
        cs.add(replacement(R2, "web", ContainerState.RUNNING, "1.1.0"));
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(cs));
        assertThat(plan.actions()).containsExactly(
                new RemoveContainer("new-web", "spacetech-web-1-next-0123456789ab", "left over from replacing web"),
                new StartService("web", "cid-web-1.0.0", "container is exited"));
    }

    @Test
    void digestPinsApplyToImagesPulledBeforeTheExport() {
        String digest = "sha256:" + "a".repeat(64);
        ServerSpec pinned = new ServerSpec(Version.parse("1.0.0"), new Source("https://releases.example.com/s-{version}.zip", null),
                "projects/spacetech", Map.of(), new ImagePins(Map.of("api", digest)), Rollout.DEFAULTS, RunState.RUNNING, false);
        ObservedState obs = new ObservedState(Set.of(Version.parse("1.0.0")), null, null, Map.of(), List.of());
        Plan plan = planner.plan(new DesiredState(PROJECT, pinned, M1, List.of("db.password"), null), obs);
        assertThat(((PullImages) plan.actions().get(0)).images()).extracting(ImageRef::pullReference)
                .contains(REG + "api@" + digest).doesNotContain(REG + "api:1.0.0");
    }

    @Test
    void thePlanListsEachServicesImagePinnedOrFloatingAndThePullNamesTheServices() {
        String digest = "sha256:" + "b".repeat(64);
        ServerSpec pinned = new ServerSpec(Version.parse("1.1.0"), new Source("https://releases.example.com/s-{version}.zip", null),
                "projects/spacetech", Map.of(), new ImagePins(Map.of("api", digest)), Rollout.DEFAULTS, RunState.RUNNING, false);
        RenderedRelease r = rendered(compose(REG + "db:1.0.0", REG + "api@" + digest, REG + "web:1.1.0", "hi"), V2_FILES);
        Plan plan = planner.plan(desired(pinned, M2, r), convergedV1(running(R1, "1.0.0")));
        assertThat(plan.images()).extracting(ServiceImage::service, i -> i.image().toString(), ServiceImage::pinned)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("db", REG + "db:1.0.0", false),
                        org.assertj.core.groups.Tuple.tuple("api", REG + "api@" + digest, true),
                        org.assertj.core.groups.Tuple.tuple("web", REG + "web:1.1.0", false));
        PullImages pull = (PullImages) plan.actions().get(0);
        ServiceImage api = pull.servicesOf(ImageRef.parse(REG + "api@" + digest)).get(0);
        assertThat(api.service()).isEqualTo("api");
        assertThat(api.releaseTag()).hasToString(REG + "api:1.1.0");
        // before the package is downloaded, nothing is known of its images
        assertThat(planner.plan(desired(spec("1.1.0"), null, null), convergedV1(running(R1, "1.0.0"))).images()).isEmpty();
    }

    @Test
    void stateStoppedStopsDependentsFirst() {
        DesiredState d = desired(spec("1.0.0", RunState.STOPPED, false), M1, R1);
        Plan plan = planner.plan(d, convergedV1(running(R1, "1.0.0")));
        assertThat(plan.actions()).extracting(a -> ((StopService) a).service()).containsExactly("web", "api", "db");
    }

    /** A container docker compose v1 created: its own name, compose labels only. */
    static ObservedContainer composeMade(ObservedContainer c) {
        return new ObservedContainer("compose-" + c.service(), PROJECT + "_" + c.service() + "_1", c.service(), c.image(),
                c.imageId(), null, null, ContainerState.RUNNING, Health.HEALTHY, false);
    }

    @Test
    void aMatchingContainerSomeoneElseCreatedIsAdoptedNotRecreated() {
        List<ObservedContainer> cs = running(R1, "1.0.0").stream()
                .map(c -> composeMade(c).adopted(ObservedContainer.Adoption.MATCHES, c.configHash())).toList();
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1),
                new ObservedState(Set.of(Version.parse("1.0.0")), R1.exportHash(), null, V1_IMAGES, cs));
        assertThat(kinds(plan)).containsExactly("adopt", "adopt", "adopt", "record");
        assertThat(plan.actions()).noneMatch(Action::disruptive);
    }

    @Test
    void anAdoptedContainerWithItsComposeNameIsTheServiceNotALeftover() {
        List<ObservedContainer> cs = running(R1, "1.0.0").stream()
                .map(c -> composeMade(c).adopted(ObservedContainer.Adoption.RECORDED, c.configHash())).toList();
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(cs));
        assertThat(plan.converged()).as(describe(plan).toString()).isTrue();
    }

    @Test
    void aDifferingContainerSomeoneElseCreatedIsRecreatedAndThePlanSaysWhy() {
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        ObservedContainer api = cs.remove(1);
        cs.add(composeMade(api).differing("environment variable API_GREETING"));
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(cs));
        assertThat(describe(plan)).anyMatch(d -> d.startsWith("recreate api") && d.contains("API_GREETING"));
    }

    @Test
    void containersOfAnotherVersionBeforeAnyInstallAreRefusedNotGuessed() {
        List<ObservedContainer> cs = new ArrayList<>();
        for (ObservedContainer c : running(R2, "1.1.0")) {
            cs.add(composeMade(c));
        }
        ObservedState obs = new ObservedState(Set.of(Version.parse("1.0.0")), R1.exportHash(), null, V1_IMAGES, cs);
        assertThatThrownBy(() -> planner.plan(desired(spec("1.0.0"), M1, R1), obs))
                .isInstanceOf(PlanRefusedException.class).hasMessageContaining("set spec.version to it");
    }

    @Test
    void managedOrphanIsRemovedUnmanagedOrphanIsLeftAlone() {
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        cs.add(new ObservedContainer("m1", "spacetech-report-1", "report", "r:1", "id-r", "h", "1.0.0",
                ContainerState.RUNNING, Health.NONE, true));
        cs.add(new ObservedContainer("u1", "spacetech-adminer-1", "adminer", "a:1", "id-a", null, null,
                ContainerState.RUNNING, Health.NONE, false));
        cs.add(new ObservedContainer("n1", "spacetech-x", null, "x:1", "id-x", null, null,
                ContainerState.RUNNING, Health.NONE, true));
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), convergedV1(cs));
        assertThat(plan.actions()).containsExactly(
                new RemoveContainer("m1", "spacetech-report-1", "service report is not in the release; its volumes are kept", true));
    }

    @Test
    void downgradeIsRefusedWithoutAllowDowngrade() {
        ObservedState obs = new ObservedState(Set.of(), null, installed("1.1.0"), Map.of(), List.of());
        assertThatThrownBy(() -> planner.plan(desired(spec("1.0.0"), M1, R1), obs))
                .isInstanceOf(PlanRefusedException.class)
                .hasMessageContaining("1.0.0").hasMessageContaining("1.1.0").hasMessageContaining("allowDowngrade");
        // also before the package is downloaded: nothing is fetched for a refused target
        assertThatThrownBy(() -> planner.plan(DesiredState.packageMissing(PROJECT, spec("1.0.0")), obs))
                .isInstanceOf(PlanRefusedException.class);
    }

    @Test
    void downgradeIsAllowedWithAllowDowngrade() {
        List<ObservedContainer> v2 = running(R2, "1.1.0");
        ObservedState obs = new ObservedState(Set.of(), R2.exportHash(), installed("1.1.0"),
                images(REG + "db:1.0.0", REG + "api:1.1.0", REG + "web:1.1.0"), v2);
        Plan plan = planner.plan(desired(spec("1.0.0", RunState.RUNNING, true), M1, R1), obs);
        assertThat(kinds(plan)).containsExactly("pull", "export", "recreate", "recreate", "record");
        assertThat(plan.actions().get(4)).isEqualTo(new RecordInstalled(Version.parse("1.0.0"), Version.parse("1.1.0")));
    }

    @Test
    void installedOlderThanUpgradeFromIsRefused() {
        ReleaseManifest m = manifest("1.1.0", "1.0.5", List.of(), REG + "db:1.0.0", REG + "api:1.1.0", REG + "web:1.1.0");
        ObservedState obs = new ObservedState(Set.of(), null, installed("1.0.0"), Map.of(), List.of());
        assertThatThrownBy(() -> planner.plan(desired(spec("1.1.0"), m, R2), obs))
                .isInstanceOf(PlanRefusedException.class)
                .hasMessageContaining("1.0.5").hasMessageContaining("1.0.0").hasMessageContaining("1.1.0");
        // a fresh install ignores upgradeFrom
        assertThat(planner.plan(desired(spec("1.1.0"), m, R2), new ObservedState(Set.of(), null, null, Map.of(), List.of()))
                .actions()).isNotEmpty();
    }

    @Test
    void manifestVersionMismatchIsRefused() {
        assertThatThrownBy(() -> planner.plan(desired(spec("1.1.0"), M1, R1), convergedV1(running(R1, "1.0.0"))))
                .isInstanceOf(PlanRefusedException.class).hasMessageContaining("1.1.0").hasMessageContaining("1.0.0");
        // 1.0 and 1.0.0 are the same version
        assertThat(planner.plan(desired(spec("1.0"), M1, R1), convergedV1(running(R1, "1.0.0"))).actions())
                .allMatch(a -> a instanceof RecordInstalled);
    }

    @Test
    void stateStoppedStopsOnlyRunningContainers() {
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        cs.set(0, container(R1, "db", ContainerState.EXITED, "1.0.0"));
        Plan plan = planner.plan(desired(spec("1.0.0", RunState.STOPPED, false), M1, R1), convergedV1(cs));
        assertThat(plan.actions()).containsExactlyInAnyOrder(
                new StopService("api", "cid-api-1.0.0"), new StopService("web", "cid-web-1.0.0"));
        assertThat(plan.actions()).allMatch(Action::disruptive);
        List<ObservedContainer> allStopped = cs.stream()
                .map(c -> container(R1, c.service(), ContainerState.EXITED, "1.0.0")).toList();
        assertThat(planner.plan(desired(spec("1.0.0", RunState.STOPPED, false), M1, R1), convergedV1(allStopped)).converged()).isTrue();
    }

    @Test
    void plannerIsDeterministic() {
        DesiredState d = desired(spec("1.1.0"), M2, R2);
        List<ObservedContainer> cs = new ArrayList<>(running(R1, "1.0.0"));
        cs.add(new ObservedContainer("m1", "spacetech-report-1", "report", "r:1", "id-r", "h", "1.0.0",
                ContainerState.RUNNING, Health.NONE, true));
        ObservedState obs = convergedV1(cs);
        Plan a = planner.plan(d, obs);
        Plan b = new Planner().plan(d, obs);
        assertThat(a).isEqualTo(b);
        assertThat(describe(a)).isEqualTo(describe(b));
    }

    @Test
    void descriptionsNeverContainConfigurationValues() {
        ObservedState obs = new ObservedState(Set.of(), null, null, Map.of(), List.of());
        Plan plan = planner.plan(desired(spec("1.0.0"), M1, R1), obs);
        assertThat(String.join("\n", describe(plan))).doesNotContain("hello").doesNotContain("18303");
    }
}
