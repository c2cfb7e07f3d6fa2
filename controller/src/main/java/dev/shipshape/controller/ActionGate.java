package dev.shipshape.controller;

import dev.shipshape.model.plan.Action;
import dev.shipshape.model.rollout.Failure;

import java.util.List;
import java.util.Optional;

/**
 * May refuse an action before it runs (crash-loop protection): an explicit input of a pass, asked by
 * the executor before each action starts; a refusal ends the pass as a {@link Failure.Kind#REFUSED}
 * failure, which the rollout policy retries after the backoff.
 */
@FunctionalInterface
public interface ActionGate {
    /** Lets every action through ({@code apply}: a person is watching). */
    ActionGate OPEN = action -> Optional.empty();

    /** @return why {@code action} may not start now, or empty when it may */
    Optional<Failure> refuse(Action action);

    /** The first refusal of {@code gates}, asked in order. */
    static ActionGate all(List<ActionGate> gates) {
        List<ActionGate> copy = List.copyOf(gates);
        return action -> copy.stream().map(g -> g.refuse(action)).flatMap(Optional::stream).findFirst();
    }
}
