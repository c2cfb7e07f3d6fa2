package dev.shipshape.reconcilers.export;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.config.ConfigTree;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.model.release.ReleaseManifest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a template sees: the merged configuration plus {@code project.name},
 * {@code release.version} and {@code images.<service>}. The built-in names are merged on top,
 * so configuration cannot make a template believe it renders another project or image.
 */
public final class TemplateScope {
    private TemplateScope() {
    }

    public static Map<String, Object> of(Map<String, Object> config, DesiredFile desired, ReleaseManifest manifest) {
        Map<String, String> pins = desired.spec().images().digests();
        for (String service : new TreeMap<>(pins).keySet()) {
            if (!manifest.images().containsKey(service)) {
                throw new InvalidInputException(desired.path().toString(), "spec.images.digests." + service,
                        "release " + manifest.version() + " has no service '" + service + "' (its services: "
                                + String.join(", ", new TreeMap<>(manifest.images()).keySet()) + "); remove the pin or fix its name");
            }
        }
        Map<String, Object> images = new LinkedHashMap<>();
        manifest.images().forEach((service, ref) -> images.put(service, pinned(ref, pins.get(service)).toString()));
        Map<String, Object> builtIns = new LinkedHashMap<>();
        builtIns.put("project", Map.of("name", desired.project()));
        builtIns.put("release", Map.of("version", manifest.version().toString()));
        builtIns.put("images", images);
        return ConfigTree.merge(config, builtIns);
    }

    /** A pin replaces the tag: what runs is exactly the pinned digest, by repository@digest. */
    private static ImageRef pinned(ImageRef ref, String digest) {
        return digest == null ? ref : new ImageRef(ref.repository(), null, digest);
    }
}
