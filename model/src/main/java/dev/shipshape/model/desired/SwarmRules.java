package dev.shipshape.model.desired;

import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.MapNode;
import dev.shipshape.model.YamlTree.ScalarNode;

import java.util.List;
import java.util.Map;

/** The rules of {@code spec.runtime} and {@code spec.swarm}. */
record SwarmRules(FieldChecks checks) {
    private static final List<String> SWARM = List.of("replicas", "placement");

    void runtime(Entry e) {
        checks.values().string(e, "spec.runtime", s -> {
            if (!s.equals("host") && !s.equals("swarm")) {
                throw new dev.shipshape.model.FieldException("", "'" + s + "' is not a runtime; use host (one Docker engine,"
                        + " the default) or swarm (the services of the swarm DOCKER_HOST manages)");
            }
            return s;
        });
    }

    void swarm(MapNode m) {
        Map<String, Entry> f = checks.fields().of(m, "spec.swarm", SWARM, Map.of());
        Entry replicas = f.get("replicas");
        if (replicas != null && checks.values().mapping(replicas.value(), "spec.swarm.replicas") instanceof MapNode rm) {
            for (Entry e : rm.entries()) {
                String path = "spec.swarm.replicas." + e.key();
                if (e.value() instanceof ScalarNode s && s.isNumber()) {
                    try {
                        SwarmSpec.checkReplicas(e.key(), s.text());
                    } catch (dev.shipshape.model.FieldException x) {
                        checks.problems().add(e.value(), path, x.getMessage());
                    }
                } else {
                    checks.problems().add(e.value(), path, "replicas of service '" + e.key() + "' must be a whole number, found "
                            + e.value().describe());
                }
            }
        }
        Entry placement = f.get("placement");
        if (placement != null && checks.values().mapping(placement.value(), "spec.swarm.placement") instanceof MapNode pm) {
            for (Entry e : pm.entries()) {
                checks.values().string(e, "spec.swarm.placement." + e.key(), s -> SwarmSpec.checkPlacement(e.key(), s));
            }
        }
    }
}
