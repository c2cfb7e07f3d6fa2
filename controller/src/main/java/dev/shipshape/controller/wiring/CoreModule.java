package dev.shipshape.controller.wiring;

import com.google.inject.AbstractModule;
import dev.shipshape.controller.events.ServerEvents;
import dev.shipshape.controller.notify.Notifier;
import dev.shipshape.model.plan.Planner;

import java.time.Clock;

/** The pure planner, the clock and the event sink; tests swap them by overriding this module. */
public final class CoreModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Planner.class).toInstance(new Planner());
        bind(Clock.class).toInstance(Clock.systemUTC());
        // spec.notify's targets; without any, events are dropped
        bind(ServerEvents.class).to(Notifier.class);
    }
}
