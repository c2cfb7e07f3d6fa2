package dev.shipshape.model.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shipshape.model.compose.HealthCheck;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.compose.VolumeMount;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash that decides whether a service's container must be recreated. It covers everything
 * the container is created from, including the content of the export files it bind-mounts, and
 * nothing else: an unrelated file or another service changing does not move it.
 */
public final class ConfigHash {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ConfigHash() {
    }

    /**
     * @param exportFileDigests sha256 of every file of the export, by path relative to the export folder
     */
    public static String of(ServiceSpec s, Map<String, String> exportFileDigests) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("image", s.image());
        c.put("entrypoint", s.entrypoint());
        c.put("command", s.command());
        c.put("environment", new TreeMap<>(s.environment()));
        c.put("volumes", s.volumes().stream().map(v -> volume(v, exportFileDigests)).toList());
        c.put("healthcheck", health(s.healthcheck()));
        c.put("restart", s.restart());
        c.put("labels", new TreeMap<>(s.labels()));
        c.put("network_mode", s.networkMode());
        c.put("user", s.user());
        c.put("working_dir", s.workingDir());
        c.put("stop_grace_period", s.stopGracePeriod() == null ? null : s.stopGracePeriod().toString());
        try {
            return sha256(CANONICAL.writeValueAsString(c));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> volume(VolumeMount v, Map<String, String> digests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", v.kind().name());
        m.put("source", v.source());
        m.put("target", v.target());
        m.put("readOnly", v.readOnly());
        if (v.kind() == VolumeMount.Kind.BIND) {
            // A bind may name a folder: cover every file below it.
            Map<String, String> content = new TreeMap<>();
            String prefix = v.source() + "/";
            digests.forEach((path, digest) -> {
                if (path.equals(v.source()) || path.startsWith(prefix)) {
                    content.put(path, digest);
                }
            });
            m.put("content", content);
        }
        return m;
    }

    private static Object health(HealthCheck h) {
        if (h == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test", List.copyOf(h.test()));
        m.put("interval", h.interval().toString());
        m.put("timeout", h.timeout().toString());
        m.put("retries", h.retries());
        m.put("start_period", h.startPeriod().toString());
        return m;
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One hash for a whole set of files: changes when any path or content does. */
    public static String ofFiles(Map<String, String> fileDigests) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(fileDigests).forEach((p, d) -> sb.append(p).append('\0').append(d).append('\n'));
        return sha256(sb.toString());
    }
}
