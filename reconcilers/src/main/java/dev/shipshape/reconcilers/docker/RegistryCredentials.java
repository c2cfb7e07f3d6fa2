package dev.shipshape.reconcilers.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.export.ConfigLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials for pulls from private registries, by registry host ({@code host[:port]}), from,
 * highest precedence first: {@code user-secret} ({@code registries: {host: {username, password}}}),
 * the file {@code spec.images.credentialsFile} names (same shape), and Docker's {@code config.json}
 * ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}; {@code auths.<host>.auth}
 * or {@code username}/{@code password}). Passwords are never part of a message or a {@code toString}.
 */
public final class RegistryCredentials {
    /** Docker Hub, as image references without a registry part mean it. */
    public static final String DOCKER_HUB = "docker.io";

    /** One registry's credentials; {@code source} says where they came from, for messages. */
    public static final class Credential {
        private final String registry;
        private final String username;
        private final String password;
        private final String source;

        Credential(String registry, String username, String password, String source) {
            this.registry = registry;
            this.username = username;
            this.password = password;
            this.source = source;
        }

        public String registry() {
            return registry;
        }

        public String username() {
            return username;
        }

        public String password() {
            return password;
        }

        public String source() {
            return source;
        }

        /** {@code text} with the password (and its base64 forms) replaced by {@code ***}. */
        public String scrub(String text) {
            if (text == null || password.isEmpty()) {
                return text;
            }
            String out = text.replace(password, "***");
            String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
            return out.replace(basic, "***");
        }

        @Override
        public String toString() {
            return "credentials for " + registry + " (user " + username + ", from " + source + ")";
        }
    }

    private final Map<String, Credential> byRegistry;

    private RegistryCredentials(Map<String, Credential> byRegistry) {
        this.byRegistry = Map.copyOf(byRegistry);
    }

    public static RegistryCredentials none() {
        return new RegistryCredentials(Map.of());
    }

    /** Reads the three sources for {@code project}; {@code dockerConfigDir} is where config.json is looked up (may be null). */
    public static RegistryCredentials load(ProjectContext project, Path dockerConfigDir) {
        Map<String, Credential> out = new LinkedHashMap<>();
        // lowest precedence first: later sources replace earlier ones
        if (dockerConfigDir != null) {
            out.putAll(dockerConfig(dockerConfigDir.resolve("config.json")));
        }
        String file = project.desired().spec().images().credentialsFile();
        if (file != null) {
            Path path = project.desired().baseDir().resolve(file).normalize();
            byte[] bytes = read(path).orElseThrow(() -> new InvalidInputException(project.desired().path().toString(),
                    "spec.images.credentialsFile", "names " + path + ", which does not exist; create it (a YAML file"
                    + " registries: {<host[:port]>: {username: ..., password: ...}}) or remove the field"));
            out.putAll(registries(ConfigLoader.secretFileRaw(path, bytes), path.toString()));
        }
        out.putAll(registries(ConfigLoader.userSecretRaw(project.paths()), project.paths().userSecret().toString()));
        return new RegistryCredentials(out);
    }

    /** Where Docker keeps config.json: $DOCKER_CONFIG, else ~/.docker. */
    public static Path dockerConfigDir(Map<String, String> env, String userHome) {
        String dir = env.get("DOCKER_CONFIG");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        return userHome == null ? null : Path.of(userHome, ".docker");
    }

    public Optional<Credential> forRegistry(String registry) {
        return Optional.ofNullable(byRegistry.get(registry));
    }

    /** The registry part of an image reference, as Docker reads it: docker.io when the first component is no host. */
    public static String registryOf(ImageRef ref) {
        String repo = ref.repository();
        int slash = repo.indexOf('/');
        if (slash < 0) {
            return DOCKER_HUB;
        }
        String first = repo.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : DOCKER_HUB;
    }

    /** A registry key as written in config.json or by a user ({@code https://host:port/v1/}) as {@code host:port}. */
    static String normalize(String key) {
        String k = key.trim();
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        int slash = k.indexOf('/');
        if (slash >= 0) {
            k = k.substring(0, slash);
        }
        if (k.equals("index.docker.io") || k.equals("registry-1.docker.io")) {
            return DOCKER_HUB;
        }
        return k;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Credential> registries(Map<String, Object> tree, String source) {
        Object registries = tree.get(ConfigLoader.REGISTRIES);
        Map<String, Credential> out = new LinkedHashMap<>();
        if (registries == null) {
            return out;
        }
        if (!(registries instanceof Map<?, ?> map)) {
            throw new InvalidInputException(source, ConfigLoader.REGISTRIES,
                    "must be a mapping registries: {<host[:port]>: {username: ..., password: ...}}");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String host = String.valueOf(e.getKey());
            String field = ConfigLoader.REGISTRIES + "." + host;
            if (!(e.getValue() instanceof Map<?, ?> entry)) {
                throw new InvalidInputException(source, field, "must be a mapping {username: ..., password: ...}");
            }
            Object user = ((Map<String, Object>) entry).get("username");
            Object pass = ((Map<String, Object>) entry).get("password");
            if (user == null || pass == null || String.valueOf(user).isEmpty()) {
                throw new InvalidInputException(source, field, "needs both username and password (values not shown)");
            }
            for (Object k : entry.keySet()) {
                if (!k.equals("username") && !k.equals("password")) {
                    throw new InvalidInputException(source, field + "." + k, "is not a known field (username, password)");
                }
            }
            String registry = normalize(host);
            out.put(registry, new Credential(registry, String.valueOf(user), String.valueOf(pass), source));
        }
        return out;
    }

    private static Map<String, Credential> dockerConfig(Path file) {
        Map<String, Credential> out = new LinkedHashMap<>();
        Optional<byte[]> bytes = read(file);
        if (bytes.isEmpty()) {
            return out;
        }
        JsonNode auths;
        try {
            auths = new ObjectMapper().readTree(bytes.get()).path("auths");
        } catch (IOException e) {
            // Jackson's message can quote the content, which holds secrets
            throw new InvalidInputException(file.toString(), null, "is not valid JSON (details not shown: it holds"
                    + " credentials); fix it or run `docker login` again");
        }
        auths.fields().forEachRemaining(e -> {
            JsonNode a = e.getValue();
            String user = a.path("username").asText("");
            String pass = a.path("password").asText("");
            String auth = a.path("auth").asText("");
            if (!auth.isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException bad) {
                    throw new InvalidInputException(file.toString(), "auths." + e.getKey() + ".auth",
                            "is not base64 of user:password (value not shown)");
                }
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    user = decoded.substring(0, colon);
                    pass = decoded.substring(colon + 1);
                }
            }
            if (!user.isEmpty() && !pass.isEmpty()) {
                String registry = normalize(e.getKey());
                out.put(registry, new Credential(registry, user, pass, file.toString()));
            }
        });
        return out;
    }

    private static Optional<byte[]> read(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), null, "cannot be read (" + e.getClass().getSimpleName()
                    + "); check that it is a readable file");
        }
    }
}
