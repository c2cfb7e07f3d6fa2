package dev.shipshape.controller.notify;

import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.reconcilers.ProjectContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code shipshape notify test}: one test event to every target of {@code spec.notify}, whatever its {@code on}, once
 * each and at once (no retries, no record), so whoever sets targets up sees each one work or fail.
 */
public final class TestEvent {
    /** One target's outcome; {@code error} is null when it was delivered. */
    public record Result(String target, String error) {
        public boolean delivered() {
            return error == null;
        }
    }

    private TestEvent() {
    }

    public static List<Result> send(ProjectContext project, Clock clock) {
        ServerEvent event = new ServerEvent("test:" + UUID.randomUUID(), EventKind.TEST, project.project(), clock.instant(),
                null, project.desired().spec().version().toString(), null,
                "a test of the notifications of " + project.project() + " (shipshape notify test)", Map.of());
        List<Result> results = new ArrayList<>();
        for (Target t : Targets.of(project)) {
            try {
                t.deliver(event);
                results.add(new Result(t.name(), null));
            } catch (DeliveryException e) {
                results.add(new Result(t.name(), e.getMessage()));
            } catch (RuntimeException e) {
                results.add(new Result(t.name(), dev.shipshape.controller.status.SafeMessage.of(e)));
            }
        }
        return results;
    }
}
