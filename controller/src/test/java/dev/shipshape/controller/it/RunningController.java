package dev.shipshape.controller.it;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import dev.shipshape.controller.loop.Controller;
import dev.shipshape.controller.resilience.ResilienceSettings;
import dev.shipshape.model.desired.DesiredFile;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The running-controller fixture of a test class, as a JUnit 5 extension: a temporary folder, a
 * {@link TestProject} with its HTTP release server, the desired file at a version, a {@link Controller}
 * from the production wiring (with test resilience settings when asked) started on 127.0.0.1, and a
 * wait until {@code /readyz} says 200. After the class: the controller, then the project (its
 * containers and volume, and the release server it owns), then whatever the class handed over with
 * {@link #closeAfterProject}, last registered first, then the folder.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningController running = RunningController.builder().resync(Duration.ofHours(1)).build();
 * }</pre>
 *
 * Register it on a static field: its {@code beforeAll} runs before the class's own {@code @BeforeAll}
 * methods (which may check what the fixture started) and its {@code afterAll} after the class's
 * {@code @AfterAll} methods.
 *
 * <p>With {@link Builder#withoutController()} it is only the project fixture (folder, project,
 * release server, ordered close) for the tests that drive the CLI. With {@link Builder#eachTest()}
 * every test gets a fixture of its own, made before the class's {@code @BeforeEach} methods and
 * closed after its {@code @AfterEach} methods; the test instance exists before it, so read
 * {@link #project()} in the test (or a {@code @BeforeEach}), not in a field initializer.
 */
final class RunningController implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** A step of the setup; it may use what the fixture made so far and hand resources over for the close. */
    @FunctionalInterface
    interface Step {
        void run(RunningController fixture) throws Exception;
    }

    /** Makes the project in the fixture's folder (the default: one with its own release server for the example's zips). */
    @FunctionalInterface
    interface ProjectFactory {
        TestProject create(RunningController fixture) throws Exception;
    }

    /** Starts the controller (the default: from the desired file, with the builder's resync). */
    @FunctionalInterface
    interface Starter {
        void start(Controller controller, RunningController fixture) throws Exception;
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private ProjectFactory projectFactory = f -> TestProject.withExampleReleases(f.tmp());
        private String version = "1.0.0";
        private Step beforeStart = f -> { };
        private ResilienceSettings resilience;
        private Duration resync = Duration.ofSeconds(5);
        private Duration shutdownGrace = Duration.ofSeconds(20);
        private Duration readyWithin = Duration.ofSeconds(90);
        private Starter starter;
        private boolean controller = true;
        private boolean eachTest;

        private Builder() {
        }

        /** How the project is made; the default has its own release server, closed with it. */
        Builder project(ProjectFactory factory) {
            this.projectFactory = factory;
            return this;
        }

        /** The version the desired file is written at before {@link #beforeStart}; null writes none. */
        Builder desired(String version) {
            this.version = version;
            return this;
        }

        /** Runs after the project and the injector are made and the desired file is written, before the controller starts. */
        Builder beforeStart(Step step) {
            this.beforeStart = step;
            return this;
        }

        /** Binds these instead of the production resilience settings. */
        Builder resilience(ResilienceSettings settings) {
            this.resilience = settings;
            return this;
        }

        Builder resync(Duration resync) {
            this.resync = resync;
            return this;
        }

        Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return this;
        }

        /** How long the first convergence may take before {@code /readyz} must say 200. */
        Builder readyWithin(Duration bound) {
            this.readyWithin = bound;
            return this;
        }

        /** Starts the controller some other way (another desired source, say). */
        Builder start(Starter starter) {
            this.starter = starter;
            return this;
        }

        /** Only the folder, the project and the ordered close: no controller. */
        Builder withoutController() {
            this.controller = false;
            return this;
        }

        /** A fixture for every test instead of one for the class. */
        Builder eachTest() {
            this.eachTest = true;
            return this;
        }

        RunningController build() {
            return new RunningController(this);
        }
    }

    private final Builder options;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Deque<AutoCloseable> afterProject = new ArrayDeque<>();
    private Path tmp;
    private TestProject project;
    private Injector injector;
    private Controller controller;

    private RunningController(Builder options) {
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!options.eachTest) {
            setUp(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (options.eachTest) {
            setUp(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (options.eachTest) {
            tearDown();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!options.eachTest) {
            tearDown();
        }
    }

    private void setUp(ExtensionContext context) throws Exception {
        tmp = Files.createTempDirectory("shipshape-" + context.getRequiredTestClass().getSimpleName() + "-");
        project = options.projectFactory.create(this);
        if (options.version != null) {
            project.writeDesired(options.version);
        }
        if (options.controller) {
            injector = options.resilience == null
                    ? Guice.createInjector(dev.shipshape.controller.wiring.Modules.controller())
                    : Guice.createInjector(Modules.override(dev.shipshape.controller.wiring.Modules.controller())
                            .with(b -> b.bind(ResilienceSettings.class).toInstance(options.resilience)));
        }
        options.beforeStart.run(this);
        if (!options.controller) {
            return;
        }
        controller = injector.getInstance(Controller.class);
        if (options.starter != null) {
            options.starter.start(controller, this);
        } else {
            controller.start(new Controller.Settings(project.desiredFile, "127.0.0.1", 0, options.resync,
                    options.shutdownGrace), DesiredFile.parse(project.desiredFile, Files.readString(project.desiredFile)));
        }
        await("the controller of " + context.getRequiredTestClass().getSimpleName() + " is ready")
                .atMost(options.readyWithin).pollInterval(Duration.ofMillis(250))
                .until(() -> get("/readyz").statusCode() == 200);
    }

    private void tearDown() throws Exception {
        Closer closer = new Closer();
        closer.close(controller);
        closer.close(project);
        while (!afterProject.isEmpty()) {
            closer.close(afterProject.pop());
        }
        closer.close(this::deleteTmp);
        controller = null;
        project = null;
        injector = null;
        tmp = null;
        closer.rethrow();
    }

    /** Closed after the controller and the project, the last one handed over first. */
    <T extends AutoCloseable> T closeAfterProject(T resource) {
        afterProject.push(resource);
        return resource;
    }

    Path tmp() {
        return tmp;
    }

    TestProject project() {
        return project;
    }

    /** The injector the controller comes from (null {@link Builder#withoutController() without one}). */
    Injector injector() {
        return injector;
    }

    Controller controller() {
        return controller;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(controller, path);
    }

    /** GET {@code path} of {@code controller}'s endpoints. */
    static HttpResponse<String> get(Controller controller, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of a metric's series on {@code /metrics} (all its labels). */
    double metric(String name) throws IOException, InterruptedException {
        return sum(get("/metrics").body(), name);
    }

    static double sum(String metrics, String name) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /**
     * Waits until {@code passes} more reconciliations have ended (shipshape_reconciliations_total). Two
     * are needed to be sure that a whole one started after the call: the first may have been under way.
     * The event to wait for when a test asserts that the loop leaves something as it is.
     */
    void awaitPasses(int passes, Duration atMost) throws IOException, InterruptedException {
        awaitPasses(controller, passes, atMost);
    }

    /** {@link #awaitPasses(int, Duration)} of a controller a test started itself. */
    static void awaitPasses(Controller controller, int passes, Duration atMost) throws IOException, InterruptedException {
        double before = reconciliations(controller);
        await(passes + " more reconciliations").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> reconciliations(controller) >= before + passes);
    }

    private static double reconciliations(Controller controller) throws IOException, InterruptedException {
        return sum(get(controller, "/metrics").body(), "shipshape_reconciliations_total");
    }

    private void deleteTmp() throws IOException {
        if (tmp == null || !Files.exists(tmp)) {
            return;
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Closes each resource whatever the ones before did; the first failure is thrown at the end, the others suppressed. */
    private static final class Closer {
        private Exception failure;

        void close(AutoCloseable resource) {
            if (resource == null) {
                return;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }

        void rethrow() throws Exception {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
