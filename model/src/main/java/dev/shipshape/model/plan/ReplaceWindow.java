package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.DependsOn;
import dev.shipshape.model.compose.ServiceSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rollout.strategy: window}: the services a rollout changes, replaced in one window. Every
 * replacement is created while the old version serves; then every old container stops, and the new
 * ones start dependency layer by layer (each as soon as what it depends on in the window has started,
 * or is healthy where the release says {@code condition: service_healthy}), all health-gated together.
 * When one fails, the whole window is rolled back: the replacements go, and the old containers, which
 * kept their names stopped, start again. A service the window adds (no container yet) is created with it.
 *
 * @param replaced the services whose container is replaced, in the release's start order
 * @param created  the services that get their first container in the same window, in start order
 */
public record ReplaceWindow(List<RecreateService> replaced, List<CreateService> created, Version version) implements Action {
    public ReplaceWindow {
        replaced = List.copyOf(replaced);
        created = List.copyOf(created);
    }

    /** Every service of the window, in start order as the plan had them. */
    public List<ServiceSpec> services() {
        List<ServiceSpec> out = new ArrayList<>();
        replaced.forEach(r -> out.add(r.spec()));
        created.forEach(c -> out.add(c.spec()));
        return out;
    }

    /**
     * What {@code service} waits for inside the window before it starts: its {@code depends_on} entries
     * naming other services of the window (the others run already, untouched by the window).
     */
    public List<DependsOn> waitsFor(String service) {
        Map<String, ServiceSpec> byName = byName();
        ServiceSpec spec = byName.get(service);
        if (spec == null) {
            throw new IllegalArgumentException(service + " is not in this window");
        }
        return spec.dependsOn().stream().filter(d -> byName.containsKey(d.service())).toList();
    }

    /**
     * The window's services by dependency layer: layer 0 depends on nothing in the window, layer k on
     * something in layer k-1 at the deepest. A cycle (refused by the compose parser) would be a bug:
     * it throws rather than loops.
     */
    public List<List<String>> layers() {
        Map<String, ServiceSpec> byName = byName();
        Map<String, Integer> depth = new HashMap<>();
        for (String s : byName.keySet()) {
            depth(s, byName, depth, new ArrayList<>());
        }
        List<List<String>> out = new ArrayList<>();
        for (String s : byName.keySet()) {
            int d = depth.get(s);
            while (out.size() <= d) {
                out.add(new ArrayList<>());
            }
            out.get(d).add(s);
        }
        return out.stream().map(List::copyOf).toList();
    }

    private int depth(String s, Map<String, ServiceSpec> byName, Map<String, Integer> depth, List<String> path) {
        Integer known = depth.get(s);
        if (known != null) {
            return known;
        }
        if (path.contains(s)) {
            throw new IllegalStateException("depends_on cycle through " + String.join(" -> ", path) + " -> " + s);
        }
        path.add(s);
        int d = 0;
        for (DependsOn dep : byName.get(s).dependsOn()) {
            if (byName.containsKey(dep.service())) {
                d = Math.max(d, depth(dep.service(), byName, depth, path) + 1);
            }
        }
        path.remove(path.size() - 1);
        depth.put(s, d);
        return d;
    }

    private Map<String, ServiceSpec> byName() {
        Map<String, ServiceSpec> byName = new LinkedHashMap<>();
        services().forEach(s -> byName.put(s.name(), s));
        return byName;
    }

    @Override
    public String kind() {
        return "window";
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        replaced.forEach(r -> parts.add("recreate " + r.spec().name() + " (" + String.join("; ", r.reasons()) + ")"));
        created.forEach(c -> parts.add("create " + c.spec().name()));
        return "replace " + services().size() + " services in one window, layer by layer " + layerText() + ": "
                + String.join(", ", parts);
    }

    private String layerText() {
        List<String> out = new ArrayList<>();
        layers().forEach(l -> out.add(String.join(" ", l)));
        return "[" + String.join(" | ", out) + "]";
    }

    @Override
    public Reason why() {
        return replaced.isEmpty() ? Reason.MISSING : replaced.get(0).why();
    }

    @Override
    public String detail() {
        List<String> parts = new ArrayList<>();
        replaced.forEach(r -> parts.add(r.spec().name() + ": " + r.detail()));
        created.forEach(c -> parts.add(c.spec().name() + ": " + c.detail()));
        return String.join("; ", parts);
    }

    @Override
    public boolean disruptive() {
        return true;
    }
}
