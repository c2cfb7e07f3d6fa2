package dev.shipshape.model.compose;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The services and named volumes of an exported compose file. */
public record ComposeProject(Map<String, ServiceSpec> services, Set<String> volumes) {
    public ComposeProject {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        volumes = Collections.unmodifiableSet(new TreeSet<>(volumes));
    }

    /**
     * Services in the order they must start: every service after all it depends on; ties broken
     * by name so the order is stable. The parser has already refused cycles and unknown names.
     */
    public List<ServiceSpec> startOrder() {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (ServiceSpec s : services.values()) {
            pending.put(s.name(), s.dependsOn().size());
            for (String dep : s.dependencyNames()) {
                dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(s.name());
            }
        }
        TreeSet<String> ready = new TreeSet<>();
        pending.forEach((name, n) -> {
            if (n == 0) {
                ready.add(name);
            }
        });
        List<ServiceSpec> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String next = ready.pollFirst();
            order.add(services.get(next));
            for (String d : dependents.getOrDefault(next, List.of())) {
                if (pending.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (order.size() != services.size()) {
            throw new IllegalStateException("dependency cycle among services " + findCycle());
        }
        return order;
    }

    /** A cycle in depends_on, as a readable chain (a -> b -> a), or an empty string when there is none. */
    public String findCycle() {
        Map<String, Integer> color = new HashMap<>();
        for (String start : new TreeSet<>(services.keySet())) {
            Deque<String> stack = new ArrayDeque<>();
            String cycle = visit(start, color, stack);
            if (cycle != null) {
                return cycle;
            }
        }
        return "";
    }

    private String visit(String node, Map<String, Integer> color, Deque<String> stack) {
        Integer c = color.get(node);
        if (c != null && c == 2) {
            return null;
        }
        if (c != null && c == 1) {
            List<String> chain = new ArrayList<>(stack);
            Collections.reverse(chain);
            int from = chain.indexOf(node);
            List<String> loop = new ArrayList<>(chain.subList(from, chain.size()));
            loop.add(node);
            return String.join(" -> ", loop);
        }
        color.put(node, 1);
        stack.push(node);
        ServiceSpec s = services.get(node);
        if (s != null) {
            for (String dep : s.dependencyNames()) {
                String found = visit(dep, color, stack);
                if (found != null) {
                    return found;
                }
            }
        }
        stack.pop();
        color.put(node, 2);
        return null;
    }
}
