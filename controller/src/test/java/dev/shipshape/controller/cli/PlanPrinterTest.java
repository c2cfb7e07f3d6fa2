package dev.shipshape.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ComposeParser;
import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.AdoptContainer;
import dev.shipshape.model.plan.CreateService;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.ExportRelease;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.PullImages;
import dev.shipshape.model.plan.Reason;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.plan.RemoveContainer;
import dev.shipshape.model.plan.ReplaceWindow;
import dev.shipshape.model.plan.ServiceImage;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.model.plan.StopService;
import dev.shipshape.model.release.ImageRef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The text a reviewer reads and the JSON CI checks, for plans of every shape; the JSON always conforms to its schema. */
class PlanPrinterTest {
    static final String REG = "127.0.0.1:5000/spacetech/";
    static final Version V1 = Version.parse("1.0.0");
    static final Version V2 = Version.parse("1.1.0");
    static final ComposeProject COMPOSE = new ComposeParser("compose.yaml", f -> Optional.empty()).parse("""
            services:
              db:
                image: "%sdb:1.0.0"
                network_mode: host
              api:
                image: "%sapi:1.1.0"
                depends_on: [db]
                network_mode: host
              web:
                image: "%sweb:1.1.0"
                depends_on: [api]
                network_mode: host
              worker:
                image: "%sapi:1.1.0"
                depends_on: [db]
                network_mode: host
            """.formatted(REG, REG, REG, REG));
    static final List<ServiceImage> IMAGES = COMPOSE.startOrder().stream()
            .map(s -> new ServiceImage(s.name(), ImageRef.parse(s.image()), null)).toList();

    static RecreateService recreate(String service, Reason why, String detail) {
        return new RecreateService(COMPOSE.services().get(service), "h", V2, "cid-" + service, List.of(detail), why);
    }

    static final Plan UPGRADE = new Plan(V2, V1, List.of(
            new PullImages(List.of(ImageRef.parse(REG + "api:1.1.0"), ImageRef.parse(REG + "web:1.1.0"))),
            new ExportRelease(V2, List.of()),
            recreate("api", Reason.IMAGE_CHANGED, "image " + REG + "api:1.0.0 -> " + REG + "api:1.1.0"),
            recreate("worker", Reason.CONFIG_CHANGED, "configuration changed"),
            recreate("web", Reason.IMAGE_CHANGED, "image " + REG + "web:1.0.0 -> " + REG + "web:1.1.0"),
            new RecordInstalled(V2, V1)),
            List.of(), List.of("The report service has a new subdomain."), List.of(Version.parse("1.3.0")), null, IMAGES);

    static String text(Plan plan) {
        StringWriter s = new StringWriter();
        PlanPrinter.text("spacetech", plan, new PrintWriter(s));
        return s.toString();
    }

    static String json(Plan plan) {
        StringWriter s = new StringWriter();
        PlanPrinter.json("spacetech", plan, new PrintWriter(s));
        return s.toString();
    }

    @Test
    void theTextGroupsActionsWithAReasonPerServiceAndSaysWhatRestartsInWhichOrder() {
        String out = text(UPGRADE);
        assertThat(out).contains("project spacetech: installed 1.0.0, target 1.1.0")
                .contains("upgrade path: 1.0.0 -> 1.1.0 -> 1.3.0")
                .contains("plan (6 actions, in this order):")
                .contains("  3. recreate api (image " + REG + "api:1.0.0 -> " + REG + "api:1.1.0)")
                .contains("by action, and why:")
                .contains("  recreate  api: image changed (image " + REG + "api:1.0.0 -> " + REG + "api:1.1.0)")
                .contains("            worker: configuration changed\n")
                .contains("  record    the installed version changes (1.0.0 -> 1.1.0)")
                .contains("downtime: api restarts and worker restarts, then web restarts (one step at a time;"
                        + " a restarted service must be healthy before the next step); not restarted: db")
                .contains("notices:\n  - The report service has a new subdomain.");
    }

    @Test
    void aWindowShowsItsLayersAsStepsAndConformsToTheSchema() {
        Plan window = new Plan(V2, V1, List.of(
                new ExportRelease(V2, List.of()),
                new ReplaceWindow(List.of(recreate("api", Reason.IMAGE_CHANGED, "image changed"),
                        recreate("worker", Reason.CONFIG_CHANGED, "configuration changed"),
                        recreate("web", Reason.IMAGE_CHANGED, "image changed")), List.of(), V2),
                new RecordInstalled(V2, V1)),
                List.of(), List.of(), List.of(), null, IMAGES);

        assertThat(text(window)).contains("replace 3 services in one window, layer by layer [api worker | web]")
                .contains("  recreate  api: image changed")
                .contains("downtime: api restarts and worker restarts, then web restarts (in one window:")
                .contains("not restarted: db");
        String out = json(window);
        PlanOutputSchema.assertConforms(out);
        assertThat(out).containsPattern("\"kind\"\\s*:\\s*\"window\"");
    }

    /** A plan of one hop of 1.0.0 -> 1.1.0 -> 1.3.0: the final target and 1.3.0's notices are shown too. */
    @Test
    void aMultiHopPlanNamesTheFinalTargetAndEveryNoticeOnThePath() throws IOException {
        Version v13 = Version.parse("1.3.0");
        Map<Version, List<String>> notices = new LinkedHashMap<>();
        notices.put(V2, UPGRADE.notices());
        notices.put(v13, List.of("1.3.0 runs a db migration before the api starts."));
        PathNotices path = new PathNotices(v13, notices, List.of());

        StringWriter text = new StringWriter();
        PlanPrinter.text("spacetech", UPGRADE, path, new PrintWriter(text));
        assertThat(text.toString()).contains("this plan reaches 1.1.0, the final target is 1.3.0)")
                .contains("notices:\n  - The report service has a new subdomain.\n"
                        + "notices of the releases after it on the upgrade path:\n"
                        + "  - 1.3.0: 1.3.0 runs a db migration before the api starts.\n");

        StringWriter json = new StringWriter();
        PlanPrinter.json("spacetech", UPGRADE, path, new PrintWriter(json));
        PlanOutputSchema.assertConforms(json.toString());
        JsonNode doc = new ObjectMapper().readTree(json.toString());
        assertThat(doc.get("targetVersion").asText()).isEqualTo("1.1.0");
        assertThat(doc.get("finalVersion").asText()).isEqualTo("1.3.0");
        assertThat(doc.get("noticesOnPath")).extracting(n -> n.get("version").asText() + ": " + n.get("notice").asText())
                .containsExactly("1.1.0: The report service has a new subdomain.",
                        "1.3.0: 1.3.0 runs a db migration before the api starts.");

        StringWriter unknown = new StringWriter();
        PlanPrinter.text("spacetech", UPGRADE, new PathNotices(v13, Map.of(V2, UPGRADE.notices()), List.of(v13)),
                new PrintWriter(unknown));
        assertThat(unknown.toString()).contains("  - 1.3.0: not known until its package is downloaded");
    }

    @Test
    void theJsonHasTheDocumentedShape() throws IOException {
        String out = json(UPGRADE);
        PlanOutputSchema.assertConforms(out);
        JsonNode doc = new ObjectMapper().readTree(out);
        assertThat(doc.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(doc.get("installedVersion").asText()).isEqualTo("1.0.0");
        assertThat(doc.get("targetVersion").asText()).isEqualTo("1.1.0");
        assertThat(doc.get("upgradePath")).extracting(JsonNode::asText).containsExactly("1.1.0", "1.3.0");
        assertThat(doc.get("changesPending").asBoolean()).isTrue();
        assertThat(doc.get("actions")).extracting(a -> a.get("kind").asText() + ":" + a.get("reason").asText())
                .containsExactly("pull:images-missing", "export:export-outdated", "recreate:image-changed",
                        "recreate:config-changed", "recreate:image-changed", "record:version-changed");
        assertThat(doc.get("actions").get(0).get("service").isNull()).isTrue();
        assertThat(doc.get("restarts")).extracting(r -> r.get("order").asInt() + " " + r.get("service").asText())
                .containsExactly("1 api", "1 worker", "2 web");
        assertThat(doc.get("heldByWindow").isNull()).isTrue();
        assertThat(doc.get("images")).hasSize(4);
    }

    @Test
    void aPlanOfEveryActionKindConformsToTheSchema() {
        Plan all = new Plan(V2, null, List.of(
                new DownloadRelease(V2, URI.create("https://user:secret@releases.example.com/s-1.1.0.zip")),
                new AdoptContainer("db", "c1", "spacetech_db_1", "h"),
                new CreateService(COMPOSE.services().get("api"), "h", V2, "no container"),
                new StartService("web", "c3", "container is exited"),
                new StopService("worker", "c4"),
                new RemoveContainer("c5", "spacetech-report-1", "service report is not in the release; its volumes are kept", true)),
                List.of("the content of release 1.1.0 (known once it is downloaded)"), List.of(), List.of(),
                new DesiredState.Rollback(Version.parse("1.2.0"), V2, "api did not become healthy"), List.of());
        String out = json(all);
        PlanOutputSchema.assertConforms(out);
        assertThat(out).doesNotContain("secret");
        String text = text(all);
        assertThat(text).contains("adopt     db: matches the release; adopted as it is (spacetech_db_1 matches the release)")
                .contains("remove    the release no longer has this service (spacetech-report-1: service report is not in the release; its volumes are kept)")
                .contains("downtime: worker stops");
    }

    @Test
    void whatTheWindowHoldsIsShownAndInTheJson() throws IOException {
        Plan held = new Plan(V2, V1, List.of(), List.of("changes that restart services wait for the maintenance window: next"
                + " opening 2024-06-08T02:00:00+02:00 (1 restart held)"), List.of(), List.of(), null, IMAGES,
                new Plan.Held(List.of(recreate("api", Reason.IMAGE_CHANGED, "image a -> b")), Instant.parse("2024-06-08T00:00:00Z"),
                        "sat, sun 02:00-05:00 Europe/Berlin"));
        String out = json(held);
        PlanOutputSchema.assertConforms(out);
        JsonNode h = new ObjectMapper().readTree(out).get("heldByWindow");
        assertThat(h.get("nextOpening").asText()).isEqualTo("2024-06-08T00:00:00Z");
        assertThat(h.get("actions").get(0).get("service").asText()).isEqualTo("api");
        assertThat(text(held)).contains("downtime: none now: the restarts wait for the maintenance window")
                .contains("held by the maintenance window (sat, sun 02:00-05:00 Europe/Berlin; next opening 2024-06-08T00:00:00Z):")
                .contains("  recreate  api: image changed (image a -> b)");
    }

    @Test
    void aConvergedPlanSaysSoInBothForms() throws IOException {
        Plan done = new Plan(V1, V1, List.of(), List.of(), List.of()).withImages(IMAGES);
        assertThat(text(done)).contains("nothing to do").doesNotContain("downtime");
        String out = json(done);
        PlanOutputSchema.assertConforms(out);
        JsonNode doc = new ObjectMapper().readTree(out);
        assertThat(doc.get("changesPending").asBoolean()).isFalse();
        assertThat(doc.get("upgradePath")).isEmpty();
    }

    @Test
    void theSchemaRefusesWhatTheShapeDoesNotAllow() {
        assertThat(PlanOutputSchema.errors("{\"schemaVersion\": 1}")).isNotEmpty();
        String valid = json(UPGRADE);
        assertThat(PlanOutputSchema.errors(valid.replace("\"image-changed\"", "\"because\""))).isNotEmpty();
        assertThat(PlanOutputSchema.errors(valid.replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2"))).isNotEmpty();
    }

    @Test
    void theSchemaCommandPrintsTheCommittedSchemas() throws IOException {
        for (String[] c : List.of(new String[]{"schema"}, new String[]{"schema", "server"}, new String[]{"schema", "plan"})) {
            StringWriter out = new StringWriter();
            assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), c)).isZero();
            String file = c.length > 1 && c[1].equals("plan") ? "plan-output.schema.json" : "shipshape-server.schema.json";
            assertThat(out.toString()).isEqualTo(Files.readString(Path.of("..", "schema", file)));
            assertThat(new ObjectMapper().readTree(out.toString()).get("$schema").asText())
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
        }
    }
}
