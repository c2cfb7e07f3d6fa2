package dev.shipshape.controller.resilience;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.util.Modules;
import dev.shipshape.controller.ManualClock;
import dev.shipshape.model.plan.PullImages;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResilienceModuleTest {
    private final ScriptedReconciler<PullImages> pull = new ScriptedReconciler<>(PullImages.class);

    /** What the rest of the controller provides: a clock and the reconcilers. */
    private AbstractModule surroundings() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(Clock.class).toInstance(new ManualClock(Instant.parse("2025-01-01T12:00:00Z")));
                Multibinder.newSetBinder(binder(), new TypeLiteral<Reconciler<?>>() {
                }).addBinding().toInstance(pull);
            }
        };
    }

    private Injector injector(MeterRegistry meters) {
        AbstractModule overrides = new AbstractModule() {
            @Override
            protected void configure() {
                bind(ResilienceSettings.class).toInstance(ResilienceSettings.forTests());
            }
        };
        AbstractModule metrics = new AbstractModule() {
            @Override
            protected void configure() {
                if (meters != null) {
                    bind(MeterRegistry.class).toInstance(meters); // a plain binding, as the metrics module does
                }
            }
        };
        return Guice.createInjector(Modules.override(new ResilienceModule()).with(overrides), surroundings(), metrics);
    }

    @Test
    void breakerAndRetryMetricsAppearAndMove() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Injector injector = injector(meters);

        // bound at injector creation, for every dependency, before any call
        for (Dependency d : Dependency.values()) {
            assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", d.id()).tag("state", "closed")
                    .gauge().value()).isEqualTo(1.0);
            assertThat(meters.find("resilience4j.retry.calls").tag("name", d.id()).functionCounters()).isNotEmpty();
        }

        pull.failingAlways(() -> new ReconcileException("registry down", true));
        ResilientDispatcher dispatcher = injector.getInstance(ResilientDispatcher.class);
        assertThatThrownBy(() -> dispatcher.run(new PullImages(List.of()), new ProjectContext(null, null, dev.shipshape.reconcilers.Cancellation.none())))
                .hasMessage("registry down");

        assertThat(meters.find("resilience4j.retry.calls").tag("name", "registry").tag("kind", "failed_with_retry")
                .functionCounter().count()).isEqualTo(1.0);
        assertThat(meters.find("resilience4j.circuitbreaker.calls").tag("name", "registry").tag("kind", "failed")
                .timer().count()).isEqualTo(3);
        assertThat(injector.getInstance(ResilienceMetrics.class).bound()).isTrue();
    }

    @Test
    void registriesAndBreakersAreSingletons() {
        Injector injector = injector(new SimpleMeterRegistry());

        assertThat(injector.getInstance(CircuitBreakerRegistry.class))
                .isSameAs(injector.getInstance(CircuitBreakerRegistry.class));
        assertThat(injector.getInstance(DependencyBreakers.class)).isSameAs(injector.getInstance(DependencyBreakers.class));
        assertThat(injector.getInstance(ResilientDispatcher.class)).isSameAs(injector.getInstance(ResilientDispatcher.class));
        assertThat(injector.getInstance(ResilienceSettings.class)).isEqualTo(ResilienceSettings.forTests());
    }

    @Test
    void worksWithoutAMeterRegistry() {
        Injector injector = injector(null);

        assertThat(injector.getInstance(ResilienceMetrics.class).bound()).isFalse();
        assertThat(injector.getInstance(CrashLoopGuard.class).mayRestart("api", Instant.EPOCH)).isTrue();
        assertThat(injector.getInstance(Backoff.class).failures()).isZero();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ResilienceSettings d = Guice.createInjector(new ResilienceModule(), surroundings())
                .getInstance(ResilienceSettings.class);
        assertThat(d).isEqualTo(ResilienceSettings.defaults());
        assertThat(d.retryMaxAttempts()).isEqualTo(3);
        assertThat(d.crashLoopMaxRestarts()).isEqualTo(5);
    }
}
