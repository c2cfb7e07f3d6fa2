package dev.shipshape.controller.it;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.shipshape.reconcilers.containers.RecreateServiceReconciler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replacement is created under a temporary name while the old container keeps the service's name
 * until the new one is healthy. These tests put the host in the state a crash leaves at the two
 * instants where both containers exist, then check that the next apply finishes the job: the
 * service serves the target version from a container with its own name, and nothing is left over.
 * Each test has a project of its own with 1.0.0 installed; the second upgrades it to 1.1.0 first, so
 * that the replacement it leaves under its temporary name is one of 1.1.0.
 */
class ReplacementRecoveryIT {
    /** Each test has its own project with 1.0.0 installed. */
    @RegisterExtension
    static final RunningController installed = RunningController.builder().withoutController().eachTest()
            .beforeStart(f -> {
                TestProject.Run apply = f.project().shipshape("apply");
                assertThat(apply.exitCode()).as(apply.toString()).isZero();
            })
            .build();

    TestProject project;

    @BeforeEach
    void project() {
        project = installed.project();
    }

    @Test
    void aCrashAfterTheReplacementStartedAndBeforeItWasHealthyIsFinishedByTheNextApply() {
        String web = project.containerIds().get("web");
        // the crash's state: the old container stopped under its name, its replacement running under the temporary one
        project.docker.stopContainerCmd(web).withTimeout(5).exec();
        String replacement = copy(web, RecreateServiceReconciler.replacementName(project.name + "-web-1", web));
        project.docker.startContainerCmd(replacement).exec();

        project.writeDesired("1.1.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("remove container " + project.name + "-web-1-next-");
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
        assertOnlyCanonicalContainers();
    }

    @Test
    void aCrashBetweenRemovingTheOldContainerAndTakingItsNameIsFinishedByTheNextApply() {
        project.writeDesired("1.1.0");
        TestProject.Run upgrade = project.shipshape("apply");
        assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
        String web = project.containerIds().get("web");
        // the crash's state: the old container is gone, the healthy replacement still has its temporary name
        project.docker.renameContainerCmd(web)
                .withName(RecreateServiceReconciler.replacementName(project.name + "-web-1", "0123456789abcdef")).exec();
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
        assertThat(plan.out()).as("the service has no container of its own name")
                .contains("remove container " + project.name + "-web-1-next-").contains("create web");

        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
        assertOnlyCanonicalContainers();
        assertThat(project.shipshape("plan").exitCode()).as("nothing left to do").isZero();
    }

    private void assertOnlyCanonicalContainers() {
        List<Container> all = project.containers();
        assertThat(all).extracting(c -> c.getNames()[0]).as("no replacement left over")
                .containsExactlyInAnyOrder("/" + project.name + "-db-1", "/" + project.name + "-api-1",
                        "/" + project.name + "-web-1");
        assertThat(all).allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
    }

    /** A container configured like {@code id} (labels, environment, mounts, host network), under {@code name}. */
    private String copy(String id, String name) {
        InspectContainerResponse old = project.docker.inspectContainerCmd(id).exec();
        CreateContainerCmd cmd = project.docker.createContainerCmd(old.getConfig().getImage())
                .withName(name)
                .withLabels(old.getConfig().getLabels())
                .withEnv(Arrays.asList(old.getConfig().getEnv()))
                .withHostConfig(old.getHostConfig());
        if (old.getConfig().getCmd() != null) {
            cmd.withCmd(old.getConfig().getCmd());
        }
        if (old.getConfig().getHealthcheck() != null) {
            cmd.withHealthcheck(old.getConfig().getHealthcheck());
        }
        assertThat(old.getConfig().getLabels()).containsKey("com.docker.compose.service");
        assertThat(Map.copyOf(old.getConfig().getLabels())).containsEntry("com.docker.compose.project", project.name);
        return cmd.exec().getId();
    }
}
