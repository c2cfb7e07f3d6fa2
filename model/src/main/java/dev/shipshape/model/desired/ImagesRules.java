package dev.shipshape.model.desired;

import dev.shipshape.model.FieldException;
import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.MapNode;
import dev.shipshape.model.YamlTree.ScalarNode;

import java.util.List;
import java.util.Map;

/** The rules of {@code spec.images}: digest pins, the credentials file, offline tarballs, the pull policy. */
final class ImagesRules {
    private static final List<String> IMAGES = List.of("digests", "credentialsFile", "offline", "pull", "pullTimeout");

    private final KnownFields fields;
    private final ValueChecks values;
    private final ProblemList problems;

    ImagesRules(KnownFields fields, ValueChecks values, ProblemList problems) {
        this.fields = fields;
        this.values = values;
        this.problems = problems;
    }

    void check(MapNode m) {
        Map<String, Entry> f = fields.of(m, "spec.images", IMAGES, Map.of());
        Entry digests = f.get("digests");
        if (digests != null && values.mapping(digests.value(), "spec.images.digests") instanceof MapNode dm) {
            digests(dm);
        }
        values.string(f.get("credentialsFile"), "spec.images.credentialsFile", s -> {
            ImagePins.checkCredentialsFile(s);
            return s;
        });
        values.string(f.get("offline"), "spec.images.offline", s -> {
            ImagePins.checkOffline(s);
            return s;
        });
        values.string(f.get("pull"), "spec.images.pull", s -> {
            if (!s.equals("always-missing") && !s.equals("never")) {
                throw new FieldException("", "'" + s + "' is not a pull policy; use always-missing (pull what is missing)"
                        + " or never (load image tarballs only)");
            }
            return s;
        });
        values.string(f.get("pullTimeout"), "spec.images.pullTimeout", ImagePins::parsePullTimeout);
    }

    private void digests(MapNode dm) {
        for (Entry e : dm.entries()) {
            String path = "spec.images.digests." + e.key();
            if (e.value() instanceof ScalarNode s && s.isNull()) {
                problems.add(e.value(), path, "digest of service '" + e.key() + "' is empty; write 'sha256:' followed by 64 hex"
                        + " digits, or remove the line");
            } else {
                values.string(e, path, d -> {
                    ImagePins.checkDigest(e.key(), d);
                    return d;
                });
            }
        }
    }
}
