package dev.shipshape.model.compose;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.model.GoDuration;
import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Yaml;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the exported compose.yaml into {@link ComposeProject}. It accepts the subset of compose
 * that shipshape can run faithfully; any other key is an error rather than silently dropped, so a
 * package never runs differently under shipshape than under docker compose.
 */
public final class ComposeParser {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Set<String> RESTART = Set.of("no", "always", "unless-stopped", "on-failure");

    private final String file;
    private final Function<String, Optional<String>> exportFiles;

    /**
     * @param file        the name used in error messages
     * @param exportFiles reads a file of the export by its path relative to the export folder (for env_file and binds)
     */
    public ComposeParser(String file, Function<String, Optional<String>> exportFiles) {
        this.file = file;
        this.exportFiles = exportFiles;
    }

    record RawCompose(String name, String version, Map<String, RawService> services, Map<String, RawVolume> volumes) {
    }

    record RawVolume(Map<String, String> labels) {
    }

    record RawHealth(JsonNode test, String interval, String timeout, Integer retries,
                     @JsonProperty("start_period") String startPeriod, Boolean disable) {
    }

    record RawService(String image, JsonNode entrypoint, JsonNode command, JsonNode environment,
                      @JsonProperty("env_file") JsonNode envFile, List<String> volumes, RawHealth healthcheck,
                      @JsonProperty("depends_on") JsonNode dependsOn, String restart, JsonNode labels,
                      @JsonProperty("network_mode") String networkMode, String user,
                      @JsonProperty("working_dir") String workingDir,
                      @JsonProperty("stop_grace_period") String stopGracePeriod) {
    }

    public ComposeProject parse(String text) {
        RawCompose raw = Yaml.read(file, text, RawCompose.class);
        if (raw.services() == null || raw.services().isEmpty()) {
            throw error("services", "the compose file defines no services");
        }
        Set<String> volumes = new LinkedHashSet<>();
        if (raw.volumes() != null) {
            for (String v : raw.volumes().keySet()) {
                requireName("volumes." + v, v);
                volumes.add(v);
            }
        }
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        raw.services().forEach((name, rs) -> {
            requireName("services." + name, name);
            if (rs == null) {
                throw error("services." + name, "the service has no definition");
            }
            services.put(name, service(name, rs, volumes));
        });
        for (ServiceSpec s : services.values()) {
            for (String dep : s.dependencyNames()) {
                if (!services.containsKey(dep)) {
                    throw error("services." + s.name() + ".depends_on", "depends on '" + dep + "', which is not a service of this file");
                }
                if (dep.equals(s.name())) {
                    throw error("services." + s.name() + ".depends_on", "a service cannot depend on itself");
                }
            }
        }
        ComposeProject project = new ComposeProject(services, volumes);
        String cycle = project.findCycle();
        if (!cycle.isEmpty()) {
            throw error("depends_on", "dependency cycle: " + cycle + "; services must form an order");
        }
        return project;
    }

    private ServiceSpec service(String name, RawService rs, Set<String> volumes) {
        String at = "services." + name;
        if (rs.image() == null || rs.image().isBlank()) {
            throw error(at + ".image", "every service needs an image");
        }
        try {
            dev.shipshape.model.release.ImageRef.parse(rs.image().trim());
        } catch (IllegalArgumentException e) {
            throw error(at + ".image", e.getMessage());
        }
        if (!"host".equals(rs.networkMode())) {
            throw error(at + ".network_mode", "must be 'host': shipshape runs every service on the host network"
                    + " and never creates Docker networks (found " + (rs.networkMode() == null ? "nothing" : "'" + rs.networkMode() + "'") + ")");
        }
        String restart = rs.restart() == null ? "no" : rs.restart();
        String restartBase = restart.matches("on-failure:\\d{1,4}") ? "on-failure" : restart;
        if (!RESTART.contains(restartBase)) {
            throw error(at + ".restart", "'" + restart + "' is not one of no, always, unless-stopped, on-failure[:N]");
        }
        Map<String, String> env = new TreeMap<>();
        for (String envFile : stringOrList(at + ".env_file", rs.envFile())) {
            String content = exportFiles.apply(relative(at + ".env_file", envFile))
                    .orElseThrow(() -> error(at + ".env_file", "'" + envFile + "' is not a file of the export"));
            env.putAll(parseEnvFile(at + ".env_file", content));
        }
        env.putAll(keyValues(at + ".environment", rs.environment()));
        List<VolumeMount> mounts = new ArrayList<>();
        if (rs.volumes() != null) {
            for (String v : rs.volumes()) {
                mounts.add(volume(at + ".volumes", v, volumes));
            }
        }
        return new ServiceSpec(name, rs.image().trim(),
                rs.entrypoint() == null ? null : command(at + ".entrypoint", rs.entrypoint()),
                rs.command() == null ? null : command(at + ".command", rs.command()),
                env, mounts, health(at + ".healthcheck", rs.healthcheck()), dependsOn(at + ".depends_on", rs.dependsOn()),
                restart, keyValues(at + ".labels", rs.labels()), "host", rs.user(), rs.workingDir(),
                rs.stopGracePeriod() == null ? null : duration(at + ".stop_grace_period", rs.stopGracePeriod()));
    }

    private VolumeMount volume(String at, String spec, Set<String> declared) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw error(at, "'" + spec + "' is not SOURCE:TARGET[:ro]");
        }
        boolean readOnly = false;
        if (parts.length == 3) {
            if (!parts[2].equals("ro") && !parts[2].equals("rw")) {
                throw error(at, "'" + spec + "': the mode must be ro or rw");
            }
            readOnly = parts[2].equals("ro");
        }
        if (!parts[1].startsWith("/")) {
            throw error(at, "'" + spec + "': the target must be an absolute path in the container");
        }
        String source = parts[0];
        if (source.startsWith("./")) {
            return new VolumeMount(VolumeMount.Kind.BIND, relative(at, source), parts[1], readOnly);
        }
        if (source.startsWith("/") || source.startsWith("~") || source.startsWith("..")) {
            throw error(at, "'" + spec + "': a bind mount must name a path inside the export folder, starting with ./");
        }
        if (!declared.contains(source)) {
            throw error(at, "named volume '" + source + "' is not declared under the top-level volumes:");
        }
        return new VolumeMount(VolumeMount.Kind.NAMED, source, parts[1], readOnly);
    }

    /** A path relative to the export folder that cannot escape it. */
    private String relative(String at, String path) {
        Path p = Path.of(path).normalize();
        if (p.isAbsolute() || p.startsWith("..") || p.toString().isEmpty()) {
            throw error(at, "'" + path + "' must stay inside the export folder");
        }
        return p.toString();
    }

    private HealthCheck health(String at, RawHealth h) {
        if (h == null || Boolean.TRUE.equals(h.disable())) {
            return null;
        }
        List<String> test;
        if (h.test() == null) {
            throw error(at + ".test", "a health check needs a test, e.g. [\"CMD\", \"wget\", \"-q\", \"http://127.0.0.1:8080/\"]");
        } else if (h.test().isTextual()) {
            test = List.of("CMD-SHELL", h.test().asText());
        } else {
            test = stringList(at + ".test", h.test());
            if (test.isEmpty() || !(test.get(0).equals("CMD") || test.get(0).equals("CMD-SHELL") || test.get(0).equals("NONE"))) {
                throw error(at + ".test", "must start with CMD, CMD-SHELL or NONE");
            }
            if (test.get(0).equals("NONE")) {
                return null;
            }
        }
        int retries = h.retries() == null ? 3 : h.retries();
        if (retries < 1 || retries > 100) {
            throw error(at + ".retries", "must be between 1 and 100");
        }
        return new HealthCheck(test,
                h.interval() == null ? Duration.ofSeconds(30) : duration(at + ".interval", h.interval()),
                h.timeout() == null ? Duration.ofSeconds(30) : duration(at + ".timeout", h.timeout()),
                retries,
                h.startPeriod() == null ? Duration.ZERO : duration(at + ".start_period", h.startPeriod()));
    }

    private List<DependsOn> dependsOn(String at, JsonNode node) {
        List<DependsOn> deps = new ArrayList<>();
        if (node == null || node.isNull()) {
            return deps;
        }
        if (node.isArray()) {
            for (String s : stringList(at, node)) {
                deps.add(new DependsOn(s, DependsOn.Condition.SERVICE_STARTED));
            }
        } else if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                JsonNode cond = e.getValue() == null ? null : e.getValue().get("condition");
                var extra = new ArrayList<String>();
                if (e.getValue() != null && e.getValue().isObject()) {
                    e.getValue().fieldNames().forEachRemaining(f -> {
                        if (!f.equals("condition")) {
                            extra.add(f);
                        }
                    });
                }
                if (!extra.isEmpty()) {
                    throw error(at + "." + e.getKey(), "unsupported keys " + extra + "; only condition is supported");
                }
                DependsOn.Condition c = DependsOn.Condition.SERVICE_STARTED;
                if (cond != null && !cond.isNull()) {
                    try {
                        c = DependsOn.Condition.valueOf(cond.asText().toUpperCase(java.util.Locale.ROOT));
                    } catch (IllegalArgumentException ex) {
                        throw error(at + "." + e.getKey() + ".condition",
                                "'" + cond.asText() + "' is not service_started, service_healthy or service_completed_successfully");
                    }
                }
                deps.add(new DependsOn(e.getKey(), c));
            }
        } else {
            throw error(at, "expected a list of service names or a mapping of service to condition");
        }
        return deps;
    }

    private Map<String, String> keyValues(String at, JsonNode node) {
        Map<String, String> out = new TreeMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                JsonNode v = e.getValue();
                if (v != null && (v.isContainerNode())) {
                    throw error(at + "." + e.getKey(), "expected a plain value, not a list or mapping");
                }
                out.put(e.getKey(), v == null || v.isNull() ? "" : v.asText());
            }
        } else if (node.isArray()) {
            for (String s : stringList(at, node)) {
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        } else {
            throw error(at, "expected a mapping or a list of KEY=VALUE");
        }
        return out;
    }

    private Map<String, String> parseEnvFile(String at, String content) {
        Map<String, String> out = new TreeMap<>();
        for (String line : content.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw error(at, "env file line is not KEY=VALUE");
            }
            String value = l.substring(eq + 1).strip();
            // as docker compose does: surrounding quotes are not part of the value
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(l.substring(0, eq).strip(), value);
        }
        return out;
    }

    private List<String> command(String at, JsonNode node) {
        if (node.isTextual()) {
            return ShellWords.split(node.asText());
        }
        return stringList(at, node);
    }

    private List<String> stringOrList(String at, JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        return node.isTextual() ? List.of(node.asText()) : stringList(at, node);
    }

    private List<String> stringList(String at, JsonNode node) {
        if (!node.isArray()) {
            throw error(at, "expected a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isValueNode() || n.isNull()) {
                throw error(at, "expected a list of strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    private Duration duration(String at, String text) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
        }
    }

    private void requireName(String at, String name) {
        if (!NAME.matcher(name).matches()) {
            throw error(at, "'" + name + "' is not a valid name (letters, digits, '.', '_', '-')");
        }
    }

    private InvalidInputException error(String field, String problem) {
        return new InvalidInputException(file, field, problem);
    }
}
