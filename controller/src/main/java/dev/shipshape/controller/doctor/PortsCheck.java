package dev.shipshape.controller.doctor;

import dev.shipshape.model.config.ConfigTree;
import dev.shipshape.model.observed.ObservedContainer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The TCP ports the services bind on 127.0.0.1 are free, or held by this project's own running
 * container of the service that binds them (host networking: the container's socket is the host's).
 */
final class PortsCheck extends NamedCheck {
    static final String NAME = "ports";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    PortsCheck() {
        super(NAME);
    }

    @Override
    public CheckResult run(DoctorContext context) {
        DoctorContext.Target target = context.target();
        if (!target.stored()) {
            return CheckResult.warn(NAME, "ports are checked once release " + context.version()
                    + " is downloaded (run shipshape plan/apply)", null);
        }
        if (target.compose() == null) {
            return CheckResult.warn(NAME, "ports not checked: release " + context.version() + " cannot be rendered ("
                    + target.problem() + ")", "fix the configuration; shipshape plan shows the same error");
        }
        List<PortUse> uses = PortExtractor.ports(target.compose());
        if (uses.isEmpty()) {
            return CheckResult.ok(NAME, "release " + context.version() + " binds no port on 127.0.0.1 that shipshape can see");
        }
        Set<String> running = context.containers().stream().filter(ObservedContainer::running)
                .map(ObservedContainer::service).filter(s -> s != null).collect(Collectors.toSet());
        List<String> free = new ArrayList<>();
        List<String> own = new ArrayList<>();
        List<PortUse> held = new ArrayList<>();
        for (PortUse use : uses) {
            String label = use.port() + " (" + use.service() + ")";
            if (isFree(use.port())) {
                free.add(label);
            } else if (running.contains(use.service())) {
                own.add(label);
            } else {
                held.add(use);
            }
        }
        if (!held.isEmpty()) {
            List<String> ports = held.stream().map(u -> "port " + u.port() + " (" + u.service() + ")").toList();
            List<String> keys = held.stream().map(u -> settingFor(context, u)).distinct().toList();
            String unseen = context.observationProblem() == null ? ""
                    : " (this project's containers are unknown: " + context.observationProblem() + ")";
            return CheckResult.fail(NAME, String.join(", ", ports) + (held.size() == 1 ? " is" : " are")
                    + " held by another process" + unseen, (held.size() == 1 ? "stop it" : "stop them") + " or change "
                    + String.join(", ", keys));
        }
        StringBuilder detail = new StringBuilder();
        if (!free.isEmpty()) {
            detail.append(free.size() == 1 ? "port " : "ports ").append(String.join(", ", free))
                    .append(free.size() == 1 ? " is" : " are").append(" free");
        }
        if (!own.isEmpty()) {
            detail.append(detail.length() == 0 ? "" : "; ").append(own.size() == 1 ? "port " : "ports ")
                    .append(String.join(", ", own)).append(own.size() == 1 ? " is" : " are")
                    .append(" held by this project's own container");
        }
        return CheckResult.ok(NAME, detail.toString());
    }

    /** Whether nothing listens on 127.0.0.1:port: a socket binds there (and is closed at once). */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the user changes the port: "web.port in global.yaml", or spec.config of the desired file when set there. */
    static String settingFor(DoctorContext context, PortUse use) {
        String key = configKey(context.target().config(), use);
        Map<String, Object> inline = context.project.desired().spec().config();
        if (ConfigTree.get(ConfigTree.expandDottedKeys(inline), key) != null) {
            return "spec.config." + key + " in " + context.project.desired().path().getFileName();
        }
        return key + " in global.yaml";
    }

    /**
     * The configuration key that holds the port: a key whose last part mentions "port" and whose
     * value is the port, preferring one under the service's name; else derived from the environment
     * key (WEB_PORT → web.port); else {@code <service>.port}.
     */
    static String configKey(Map<String, Object> config, PortUse use) {
        List<String> candidates = new ArrayList<>();
        if (config != null) {
            collect(config, "", use.port(), candidates);
        }
        for (String c : candidates) {
            if (c.startsWith(use.service() + ".")) {
                return c;
            }
        }
        if (use.envKey() != null) {
            String derived = use.envKey().toLowerCase(Locale.ROOT).replace('_', '.');
            if (candidates.contains(derived)) {
                return derived;
            }
        }
        if (!candidates.isEmpty()) {
            return candidates.get(0);
        }
        return use.envKey() != null ? use.envKey().toLowerCase(Locale.ROOT).replace('_', '.') : use.service() + ".port";
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<String, Object> tree, String prefix, int port, List<String> out) {
        tree.forEach((k, v) -> {
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m) {
                collect((Map<String, Object>) m, path, port, out);
            } else if (k.toLowerCase(Locale.ROOT).contains("port") && v != null
                    && String.valueOf(v).trim().equals(Integer.toString(port))) {
                out.add(path);
            }
        });
    }
}
