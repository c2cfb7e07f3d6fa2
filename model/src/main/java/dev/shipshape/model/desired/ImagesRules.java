package dev.shipshape.model.desired;

import dev.shipshape.model.FieldException;
import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.MapNode;
import dev.shipshape.model.YamlTree.ScalarNode;

import java.util.List;
import java.util.Map;

/** The rules of {@code spec.images}: digest pins, the credentials file, offline tarballs, the pull policy. */
record ImagesRules(FieldChecks checks) {
    private static final List<String> IMAGES = List.of("digests", "credentialsFile", "offline", "pull", "pullTimeout");

    void check(MapNode m) {
        Map<String, Entry> f = checks.fields().of(m, "spec.images", IMAGES, Map.of());
        Entry digests = f.get("digests");
        if (digests != null && checks.values().mapping(digests.value(), "spec.images.digests") instanceof MapNode dm) {
            digests(dm);
        }
        checks.values().string(f.get("credentialsFile"), "spec.images.credentialsFile", s -> {
            ImagePins.checkCredentialsFile(s);
            return s;
        });
        checks.values().string(f.get("offline"), "spec.images.offline", s -> {
            ImagePins.checkOffline(s);
            return s;
        });
        checks.values().string(f.get("pull"), "spec.images.pull", s -> {
            if (!s.equals("always-missing") && !s.equals("never")) {
                throw new FieldException("", "'" + s + "' is not a pull policy; use always-missing (pull what is missing)"
                        + " or never (load image tarballs only)");
            }
            return s;
        });
        checks.values().string(f.get("pullTimeout"), "spec.images.pullTimeout", ImagePins::parsePullTimeout);
    }

    private void digests(MapNode dm) {
        for (Entry e : dm.entries()) {
            String path = "spec.images.digests." + e.key();
            if (e.value() instanceof ScalarNode s && s.isNull()) {
                checks.problems().add(e.value(), path, "digest of service '" + e.key() + "' is empty; write 'sha256:' followed by 64 hex"
                        + " digits, or remove the line");
            } else {
                checks.values().string(e, path, d -> {
                    ImagePins.checkDigest(e.key(), d);
                    return d;
                });
            }
        }
    }
}
