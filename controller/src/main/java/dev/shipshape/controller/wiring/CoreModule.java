package dev.shipshape.controller.wiring;

import com.google.inject.AbstractModule;
import dev.shipshape.model.plan.Planner;

import java.time.Clock;

/** The pure planner and the clock; tests swap the clock by overriding this module. */
public final class CoreModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Planner.class).toInstance(new Planner());
        bind(Clock.class).toInstance(Clock.systemUTC());
    }
}
