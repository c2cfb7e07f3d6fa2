package dev.shipshape.controller.wiring;

import com.google.inject.Module;

import java.util.List;

/** The modules of a production controller. */
public final class Modules {
    private Modules() {
    }

    public static List<Module> production() {
        return List.of(new CoreModule(), new DockerModule(), new ReconcilersModule());
    }
}
