package dev.shipshape.model.release;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.shipshape.model.Version;
import dev.shipshape.model.Yaml;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** manifest.yaml of a release package: the vendor's contract. Unknown keys are errors, so typos surface. */
public record ReleaseManifest(
        @JsonProperty(required = true) String product,
        @JsonProperty(required = true) dev.shipshape.model.Version version,
        Version upgradeFrom,
        @JsonProperty(required = true) Map<String, ImageRef> images,
        List<SecretSpec> secrets,
        List<JobSpec> jobs,
        List<String> notices) {

    public static final String FILE = "manifest.yaml";

    public ReleaseManifest {
        if (product == null || product.isBlank()) {
            throw new IllegalArgumentException("product is required");
        }
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("images must name the image of every service");
        }
        images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
        notices = notices == null ? List.of() : List.copyOf(notices);
        Set<String> keys = new HashSet<>();
        for (SecretSpec s : secrets) {
            if (!keys.add(s.key())) {
                throw new IllegalArgumentException("secret '" + s.key() + "' is declared twice");
            }
        }
        if (upgradeFrom != null && version != null && upgradeFrom.compareTo(version) > 0) {
            throw new IllegalArgumentException("upgradeFrom " + upgradeFrom + " is newer than the version " + version);
        }
    }

    public static ReleaseManifest parse(String fileName, String text) {
        return Yaml.read(fileName, text, ReleaseManifest.class);
    }
}
