package dev.shipshape.reconcilers.docker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Plain JSON reads from the Docker engine over docker-java's transport, for answers of which
 * shipshape needs a few fields: binding them into docker-java's full models (every container's host
 * config, networks and mounts; the engine's whole {@code info}) costs several times the request,
 * and it is paid on every pass and at every command's start. Failures are raised through
 * docker-java's frames, like those of its commands.
 */
public final class EngineApi {
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DockerHttpClient transport;

    public EngineApi(DockerClient docker) {
        this.transport = DockerClients.transport(docker);
    }

    /** Reads the body of an engine answer; may throw what reading it throws. */
    public interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /** {@code GET path} (with its query), its 200 answer read by {@code reader}. */
    public <T> T get(String path, BodyReader<T> reader) {
        String what = "GET " + path.replaceFirst("\\?.*", "");
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path(path).build();
        try (DockerHttpClient.Response response = transport.execute(request)) {
            InputStream body = response.getBody();
            if (response.getStatusCode() != 200) {
                String text = body == null ? "" : new String(body.readNBytes(2000), StandardCharsets.UTF_8).strip();
                throw new DockerException("the Docker engine answered " + what + " with " + response.getStatusCode()
                        + ": " + text, response.getStatusCode());
            }
            return reader.read(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Docker engine's answer to " + what, e);
        }
    }

    /** {@code GET path} as a JSON tree. */
    public JsonNode tree(String path) {
        return get(path, JSON::readTree);
    }
}
