package dev.shipshape.controller.doctor;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.download.LazyHttpClient;
import dev.shipshape.reconcilers.export.ConfigLoader;
import dev.shipshape.reconcilers.export.GeneratedSecrets;
import dev.shipshape.reconcilers.export.ReleaseRenderer;
import dev.shipshape.reconcilers.export.SecretGenerator;
import dev.shipshape.reconcilers.export.TemplateRenderer;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The preflight checks of {@code shipshape doctor} and {@code apply}: docker-engine, disk-space,
 * ports, project-folder, release-source, registry. Each runs with a timeout; a failing, hanging or
 * broken check becomes a result, never an exception. Changes nothing on the host.
 */
public final class Doctor {
    private static final Logger LOG = LoggerFactory.getLogger(Doctor.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** The checks in the order they are reported. */
    private static final List<Check> CHECKS = List.of(new DockerEngineCheck(), new DiskSpaceCheck(), new PortsCheck(),
            new ProjectFolderCheck(), new ReleaseSourceCheck(), new RegistryCheck());
    /** The order they run in: the engine first (later checks ask it only when it answers), the source before disk-space (the package size). */
    private static final List<String> RUN_ORDER = List.of(DockerEngineCheck.NAME, ProjectFolderCheck.NAME, ReleaseSourceCheck.NAME,
            DiskSpaceCheck.NAME, PortsCheck.NAME, RegistryCheck.NAME);

    private final DockerClient docker;
    private final String dockerHost;
    private final ReleaseRenderer renderer;
    private final ConfigLoader config;
    private final Duration timeout;
    private final LazyHttpClient http;
    private final LazyHttpClient httpNoRedirects;

    @Inject
    public Doctor(DockerClient docker, ReleaseRenderer renderer, ConfigLoader config) {
        this(docker, defaultDockerHost(), renderer, config, DEFAULT_TIMEOUT);
    }

    /**
     * @param dockerHost the engine address {@code docker} talks to, for messages
     * @param timeout    how long one check may take; its network requests get a little less
     */
    public Doctor(DockerClient docker, String dockerHost, ReleaseRenderer renderer, ConfigLoader config, Duration timeout) {
        this.docker = docker;
        this.dockerHost = dockerHost;
        this.renderer = renderer;
        this.config = config;
        this.timeout = timeout;
        this.http = LazyHttpClient.of(requestTimeout(), HttpClient.Redirect.NORMAL);
        // credentials in a URL must not travel to wherever a redirect points
        this.httpNoRedirects = LazyHttpClient.of(requestTimeout(), HttpClient.Redirect.NEVER);
    }

    /** A doctor for the engine at {@code dockerHost}, with the renderer production uses. */
    public static Doctor forEngine(DockerClient docker, String dockerHost) {
        ConfigLoader config = new ConfigLoader();
        ReleaseRenderer renderer = new ReleaseRenderer(config, new GeneratedSecrets(config, new SecretGenerator(new SecureRandom())),
                new TemplateRenderer());
        return new Doctor(docker, dockerHost, renderer, config, DEFAULT_TIMEOUT);
    }

    /** The engine address docker-java uses when built from the environment (DOCKER_HOST, else the local socket). */
    public static String defaultDockerHost() {
        try {
            return DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
        } catch (RuntimeException e) {
            String env = System.getenv("DOCKER_HOST");
            return env == null ? "unix:///var/run/docker.sock" : env;
        }
    }

    /**
     * Runs every check and returns the results in report order: the engine first (later checks ask
     * it only when it answers), then the others side by side, since each mostly waits on something
     * (a socket, a stat, an HTTP answer). The shared findings they need ({@link DoctorContext#sourceProbe},
     * {@link DoctorContext#observation}) are computed once, by whichever check asks first.
     */
    public List<CheckResult> run(ProjectContext project) {
        DoctorContext context = new DoctorContext(project, docker, dockerHost, renderer, config, http, httpNoRedirects, requestTimeout());
        CheckResult[] results = new CheckResult[CHECKS.size()];
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "shipshape-doctor");
            t.setDaemon(true);
            return t;
        });
        try {
            int engine = indexOf(RUN_ORDER.get(0));
            results[engine] = await(CHECKS.get(engine), pool.submit(() -> timed(CHECKS.get(engine), context)),
                    System.nanoTime() + timeout.toNanos());
            Map<Integer, Future<CheckResult>> rest = new LinkedHashMap<>();
            for (String name : RUN_ORDER.subList(1, RUN_ORDER.size())) {
                int i = indexOf(name);
                rest.put(i, pool.submit(() -> timed(CHECKS.get(i), context)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            rest.forEach((i, future) -> results[i] = await(CHECKS.get(i), future, deadline));
        } finally {
            pool.shutdownNow();
        }
        return List.of(results);
    }

    /** Runs one check; its duration goes to the debug log (SHIPSHAPE_LOG_LEVEL=DEBUG), for a slow preflight. */
    private static CheckResult timed(Check check, DoctorContext context) throws Exception {
        long t0 = System.nanoTime();
        CheckResult result = check.run(context);
        LOG.debug("check {} took {} ms", check.name(), (System.nanoTime() - t0) / 1_000_000);
        return result;
    }

    /** The first failed check, if any: what {@code apply} refuses on. */
    public static Optional<CheckResult> firstFailure(List<CheckResult> results) {
        return results.stream().filter(CheckResult::failed).findFirst();
    }

    private CheckResult await(Check check, Future<CheckResult> future, long deadlineNanos) {
        try {
            CheckResult result = future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return result != null ? result : CheckResult.warn(check.name(), "the check gave no result", null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return CheckResult.fail(check.name(), "no answer within " + timeout.toSeconds() + "s", check.timeoutFix());
        } catch (ExecutionException e) {
            // a bug in the check, not a finding about the host: it must not block apply
            return CheckResult.warn(check.name(), "the check could not run (" + Problems.describe(e.getCause()) + ")",
                    "run with SHIPSHAPE_DEBUG=1 and report it; --skip-preflight skips the checks");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return CheckResult.fail(check.name(), "interrupted", null);
        }
    }

    private Duration requestTimeout() {
        Duration t = timeout.minusMillis(500);
        return t.isNegative() || t.isZero() ? timeout : t;
    }

    private static int indexOf(String name) {
        for (int i = 0; i < CHECKS.size(); i++) {
            if (CHECKS.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
