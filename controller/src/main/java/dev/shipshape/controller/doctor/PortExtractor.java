package dev.shipshape.controller.doctor;

import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.compose.HealthCheck;
import dev.shipshape.model.compose.ServiceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP ports the services of a rendered compose file use on 127.0.0.1: every
 * {@code 127.0.0.1:<port>} of a health check command, and every environment value of a key ending
 * in {@code _PORT} that is a number. Services run with host networking, so these are host ports.
 */
public final class PortExtractor {
    private static final Pattern LOOPBACK_PORT = Pattern.compile("(?<![\\w.])(?:127\\.0\\.0\\.1|localhost):(\\d{1,5})(?!\\d)");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,5}");

    private PortExtractor() {
    }

    /** The ports one service uses, each once, health check ports first, then by environment key. */
    public static List<PortUse> ports(ServiceSpec service) {
        Map<Integer, PortUse> out = new LinkedHashMap<>();
        HealthCheck health = service.healthcheck();
        if (health != null) {
            Matcher m = LOOPBACK_PORT.matcher(String.join(" ", health.test()));
            while (m.find()) {
                int port = Integer.parseInt(m.group(1));
                if (valid(port)) {
                    out.putIfAbsent(port, new PortUse(port, service.name(), null, true));
                }
            }
        }
        String own = envPrefix(service.name()) + "_PORT";
        service.environment().forEach((key, value) -> {
            if (value == null || !key.toUpperCase(Locale.ROOT).endsWith("_PORT") || !NUMBER.matcher(value.trim()).matches()) {
                return;
            }
            int port = Integer.parseInt(value.trim());
            if (!valid(port)) {
                return;
            }
            boolean binds = key.toUpperCase(Locale.ROOT).equals(own);
            PortUse seen = out.get(port);
            if (seen == null) {
                out.put(port, new PortUse(port, service.name(), key, binds));
            } else if (seen.envKey() == null || binds && !key.equals(seen.envKey())) {
                out.put(port, new PortUse(port, service.name(), key, seen.binds() || binds));
            }
        });
        return List.copyOf(out.values());
    }

    /**
     * Every port of the project once, sorted, attributed to the service that binds it: the one
     * whose health check probes it or whose own {@code <SERVICE>_PORT} carries it; failing that, the
     * first service (in start order) that names it.
     */
    public static List<PortUse> ports(ComposeProject compose) {
        Map<Integer, PortUse> owners = new TreeMap<>();
        Map<Integer, String> anyKey = new TreeMap<>();
        List<ServiceSpec> order;
        try {
            order = compose.startOrder();
        } catch (IllegalStateException cycle) {
            order = new ArrayList<>(compose.services().values());
        }
        for (ServiceSpec s : order) {
            for (PortUse use : ports(s)) {
                if (use.envKey() != null) {
                    anyKey.putIfAbsent(use.port(), use.envKey());
                }
                PortUse current = owners.get(use.port());
                if (current == null || !current.binds() && use.binds()) {
                    owners.put(use.port(), use);
                }
            }
        }
        List<PortUse> out = new ArrayList<>();
        owners.forEach((port, use) -> out.add(use.envKey() == null && anyKey.containsKey(port)
                ? new PortUse(port, use.service(), anyKey.get(port), use.binds()) : use));
        return out;
    }

    static String envPrefix(String service) {
        return service.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static boolean valid(int port) {
        return port >= 1 && port <= 65535;
    }
}
