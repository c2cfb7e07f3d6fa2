package dev.shipshape.controller.wiring;

import com.google.inject.Module;

import dev.shipshape.controller.resilience.ResilienceModule;

import java.util.List;

/** The modules of a production controller. */
public final class Modules {
    private Modules() {
    }

    /** What the one-shot commands (plan, apply, check, version) need. */
    public static List<Module> production() {
        return List.of(new CoreModule(), new DockerModule(), new SwarmModule(), new ReconcilersModule(), new ResilienceModule());
    }

    /** {@code shipshape run}: everything, plus the metrics registry the endpoints serve. */
    public static List<Module> controller() {
        List<Module> modules = new java.util.ArrayList<>(production());
        modules.add(new MetricsModule());
        return modules;
    }
}
