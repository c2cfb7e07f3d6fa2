package dev.shipshape.controller.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.shipshape.controller.wiring.Modules;

/** The injector commands use. */
final class Injection {
    private Injection() {
    }

    static Injector injector() {
        return Guice.createInjector(Modules.production());
    }

    static Injector controllerInjector() {
        return Guice.createInjector(Modules.controller());
    }
}
