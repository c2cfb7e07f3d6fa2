package dev.shipshape.reconcilers.export;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Yaml;
import dev.shipshape.model.config.ConfigTree;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.files.ProjectPaths;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads the configuration tree a release is rendered with. Layers, lowest priority first:
 * the package's {@code variables/default.yaml} &lt; {@code generated-secret.yaml} &lt;
 * {@code global.yaml} &lt; {@code user-secret} &lt; {@code spec.config} of the desired file.
 * Files that do not exist count as empty, so a fresh project renders with the defaults.
 */
public final class ConfigLoader {
    static final String DEFAULTS = "variables/default.yaml";

    public ConfigLoader() {
    }

    /** The merged tree for rendering the package in {@code packageDir} for {@code project}. */
    public Map<String, Object> load(ProjectContext project, Path packageDir) {
        ProjectPaths paths = project.paths();
        Path defaultsFile = packageDir.resolve(DEFAULTS);
        Map<String, Object> defaults = new PackageFiles(packageDir).read(DEFAULTS)
                .map(bytes -> readConfig(defaultsFile, bytes, "the release package's " + DEFAULTS
                        + " is faulty: get a fixed package from its vendor"))
                .orElse(Map.of());
        Map<String, Object> global = ProjectFiles.readOptional(paths.globalYaml())
                .map(bytes -> readConfig(paths.globalYaml(), bytes, "fix global.yaml (the keys and their types are those of"
                        + " the release's " + DEFAULTS + "); nothing was changed"))
                .orElse(Map.of());
        Map<String, Object> user = userSecrets(paths);
        Map<String, Object> inline = project.desired().spec().config();
        ConfigShape.check(defaults, global, paths.globalYaml().toString());
        ConfigShape.check(defaults, user, paths.userSecret().toString());
        ConfigShape.check(defaults, inline, project.desired().path() + " (spec.config)");
        return ConfigTree.merge(List.of(defaults, generatedSecrets(paths), global, user, inline));
    }

    /** A plain configuration file: one YAML document without aliases (as every file), any error saying what to do. */
    private static Map<String, Object> readConfig(Path file, byte[] bytes, String fix) {
        String text = text(file, bytes);
        try {
            return Yaml.readTree(file.toString(), text);
        } catch (InvalidInputException e) {
            String prefix = new InvalidInputException(e.file(), e.line(), e.column(), e.field(), "").getMessage();
            String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            throw new InvalidInputException(e.file(), e.line(), e.column(), e.field(), problem + "; " + fix);
        }
    }

    /**
     * The secrets that exist already: generated-secret.yaml merged under user-secret. A key set in
     * either is never generated.
     */
    public Map<String, Object> loadSecrets(ProjectPaths paths) {
        return ConfigTree.merge(generatedSecrets(paths), userSecrets(paths));
    }

    private static Map<String, Object> generatedSecrets(ProjectPaths paths) {
        return ProjectFiles.readOptional(paths.generatedSecret())
                .map(bytes -> SecretYaml.parseGenerated(paths.generatedSecret().toString(), bytes))
                .orElse(Map.of());
    }

    /** user-secret as configuration: without {@code registries}, shipshape's own key (pull credentials), which templates never see. */
    private static Map<String, Object> userSecrets(ProjectPaths paths) {
        Map<String, Object> raw = userSecretRaw(paths);
        if (!raw.containsKey(REGISTRIES)) {
            return raw.isEmpty() ? raw : ConfigTree.expandDottedKeys(paths.userSecret().toString(), raw);
        }
        Map<String, Object> rest = new java.util.LinkedHashMap<>(raw);
        rest.remove(REGISTRIES);
        return ConfigTree.expandDottedKeys(paths.userSecret().toString(), rest);
    }

    /** The key of user-secret (and of spec.images.credentialsFile) that holds registry credentials. */
    public static final String REGISTRIES = "registries";

    /** user-secret decoded, keys as written (not expanded at dots); empty when there is no user-secret. */
    public static Map<String, Object> userSecretRaw(ProjectPaths paths) {
        return ProjectFiles.readOptional(paths.userSecret())
                .map(bytes -> SecretYaml.parseUserSecretRaw(paths.userSecret().toString(), bytes))
                .orElse(Map.of());
    }

    /** A plain YAML file of secrets, keys as written; errors never quote its content. */
    public static Map<String, Object> secretFileRaw(Path file, byte[] bytes) {
        return SecretYaml.parsePlain(file.toString(), bytes);
    }

    private static String text(Path file, byte[] bytes) {
        return Utf8.decode(bytes).orElseThrow(() ->
                new InvalidInputException(file.toString(), null, "is not UTF-8 text; save it as UTF-8"));
    }
}
