package dev.shipshape.reconcilers.swarm;

/**
 * A task of a service: where it runs and how it is, in Swarm's words.
 *
 * @param node  the hostname of the node it is assigned to (empty while unassigned)
 * @param configHash the {@code dev.shipshape.config-hash} label of the task's container spec: which definition it runs
 * @param state {@code Status.State}: new, pending, assigned, preparing, starting, running, complete, failed, rejected…
 * @param error {@code Status.Err}, or the scheduler's message when a task can't be placed
 */
public record ObservedTask(String id, String serviceId, int slot, String node, String configHash, String state, String desiredState,
        String error, String timestamp) {
    public boolean running() {
        return "running".equals(state) && "running".equals(desiredState);
    }
}
