package dev.shipshape.controller.status;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;

import java.nio.file.Path;
import java.util.List;

/** Desired files and plans for the status tests (the clock: {@link dev.shipshape.controller.ManualClock}). */
public final class StatusFixtures {
    private StatusFixtures() {
    }

    public static DesiredFile desired(Path dir, String version) {
        return DesiredFile.parse(dir.resolve("server.yaml"), """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: spacetech
                spec:
                  version: %s
                  source:
                    url: http://127.0.0.1:1/spacetech-server-linux-x64-{version}.zip
                    insecure: true
                  projectDir: projects/spacetech
                """.formatted(version));
    }

    public static Plan converged(String version) {
        return new Plan(Version.parse(version), Version.parse(version), List.of(), List.of(), List.of());
    }

    public static Plan pending(String target, String installed, Action... actions) {
        return new Plan(Version.parse(target), installed == null ? null : Version.parse(installed),
                List.of(actions), List.of(), List.of());
    }
}
