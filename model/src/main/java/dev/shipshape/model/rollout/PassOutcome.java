package dev.shipshape.model.rollout;

import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;

import java.util.List;

/**
 * What one pass (observe, plan, act) came to, as a value: the {@link RolloutPolicy} decides what
 * follows from it, for {@code apply} and {@code run} alike.
 */
public sealed interface PassOutcome {

    /** The plan of the pass. */
    Plan plan();

    /** The actions that succeeded, in the order they finished. */
    List<Action> done();

    /** spec.suspend: the pass planned and changed nothing. */
    record Suspended(Plan plan) implements PassOutcome {
        @Override
        public List<Action> done() {
            return List.of();
        }
    }

    /** Every action of the plan succeeded (a converged plan has none). */
    record Acted(Plan plan, List<Action> done) implements PassOutcome {
        public Acted {
            done = List.copyOf(done);
        }
    }

    /** An action failed; nothing new started after it, and what already ran was awaited. */
    record Failed(Plan plan, List<Action> done, Action action, Failure failure) implements PassOutcome {
        public Failed {
            done = List.copyOf(done);
        }
    }

    /**
     * The pass stopped at a safe point on request (a newer desired file, a shutdown, a heal that another
     * service's death made moot); the next pass resumes with the newest state.
     */
    record Cancelled(Plan plan, List<Action> done, String why) implements PassOutcome {
        public Cancelled {
            done = List.copyOf(done);
        }
    }
}
