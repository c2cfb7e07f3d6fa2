package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import javax.net.ssl.SSLContext;
import java.time.Duration;

/** Builds a Docker client for the engine named by DOCKER_HOST (default: the local unix socket). Does no I/O. */
public final class DockerClients {
    private DockerClients() {
    }

    public static DockerClient fromEnvironment() {
        return of(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
    }

    /** A client for the engine at {@code dockerHost} (e.g. unix:///run/docker.sock, tcp://127.0.0.1:2375), whatever DOCKER_HOST says. */
    public static DockerClient forHost(String dockerHost) {
        return of(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build());
    }

    /**
     * The transport under a client built here, for the reads that skip docker-java's full models
     * ({@link DockerObserver}); failures raised through it still come from docker-java's frames.
     */
    public static DockerHttpClient transport(DockerClient docker) {
        if (docker instanceof DockerClientImpl impl && impl.getHttpClient() != null) {
            return impl.getHttpClient();
        }
        throw new IllegalArgumentException("a Docker client built by DockerClients is needed, not "
                + docker.getClass().getName());
    }

    private static DockerClient of(DockerClientConfig config) {
        SSLConfig ssl = config.getSSLConfig();
        if (ssl == null && "unix".equals(config.getDockerHost().getScheme())) {
            // A local socket never speaks TLS, but without a TLS context of its own the transport builds the
            // JVM's default one at once (reading the trust store): a third of a second of every command's start.
            // Only for unix: over tcp a context switches the transport to https.
            ssl = () -> SSLContext.getInstance("TLS");
        }
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(ssl)
                // up to 32 replacements in flight (PlanExecutor), each holding one during a stop, plus pulls and events
                .maxConnections(48)
                .connectionTimeout(Duration.ofSeconds(10))
                // pulls of large images stream for a long time; health polls are short
                .responseTimeout(Duration.ofMinutes(10))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
