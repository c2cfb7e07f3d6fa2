package dev.shipshape.controller.it;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Data in the example's db volume, served by db at /payload.txt: what a fault must not lose. */
final class DbData {
    private DbData() {
    }

    /** Writes {@code payload} into the db volume through the running db container and waits until db serves it. */
    static void write(TestProject project, String dbContainerId, String payload) throws InterruptedException {
        String exec = project.docker.execCreateCmd(dbContainerId)
                .withCmd("/bin/sh", "-c", "echo " + payload + " > /data/www/payload.txt").exec().getId();
        project.docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(project.get(project.dbPort, "/payload.txt")).contains(payload));
    }
}
