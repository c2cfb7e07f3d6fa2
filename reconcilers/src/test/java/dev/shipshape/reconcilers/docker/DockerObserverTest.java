package dev.shipshape.reconcilers.docker;

import dev.shipshape.model.observed.ContainerState;
import dev.shipshape.model.observed.Health;
import dev.shipshape.model.observed.ObservedContainer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's list answers, as Docker 20.10 gives them, read into what the planner needs. */
class DockerObserverTest {
    private static final String CONTAINER = """
            {"Id": "fa0443c708acdf766040ac632702115957e37e0b600cae88eca52262b346805d", "Names": ["/demo-web-1"],
             "Image": "127.0.0.1:5000/demo/web:1.1.0",
             "ImageID": "sha256:3bbfb4c46efad4f1e8886b78b5a308deb576e9a3590ad9b0e91b1c07b57f8dac",
             "Command": "/bin/sh /app/run.sh", "Created": 1795798079, "Ports": [],
             "Labels": {"com.docker.compose.project": "demo", "com.docker.compose.service": "web",
                        "dev.shipshape.config-hash": "77708b92", "dev.shipshape.managed": "true",
                        "dev.shipshape.version": "1.1.0"},
             "State": "running", "Status": "Up 8 minutes (healthy)", "HostConfig": {"NetworkMode": "host"},
             "NetworkSettings": {"Networks": {"host": {"IPAMConfig": null, "Links": null, "Aliases": null,
               "NetworkID": "cf71", "EndpointID": "c878", "Gateway": "", "IPAddress": "", "IPPrefixLen": 0,
               "IPv6Gateway": "", "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "MacAddress": "", "DriverOpts": null}}},
             "Mounts": [{"Type": "volume", "Name": "demo_data", "Destination": "/data", "RW": true}]}""";

    @Test
    void aListedContainerBecomesAnObservedOne() throws Exception {
        List<ObservedContainer> containers = DockerObserver.parseContainers(stream("[" + CONTAINER + ","
                + "{\"Id\": \"0123456789ab\", \"Names\": null, \"Image\": \"x\", \"ImageID\": \"sha256:1\", \"Labels\": null,"
                + " \"State\": \"exited\", \"Status\": \"Exited (1) 2 seconds ago\"}]"));
        assertThat(containers).hasSize(2);
        ObservedContainer web = containers.get(0);
        assertThat(web.id()).startsWith("fa0443c708ac");
        assertThat(web.name()).isEqualTo("demo-web-1");
        assertThat(web.service()).isEqualTo("web");
        assertThat(web.image()).isEqualTo("127.0.0.1:5000/demo/web:1.1.0");
        assertThat(web.imageId()).startsWith("sha256:3bbf");
        assertThat(web.configHash()).isEqualTo("77708b92");
        assertThat(web.version()).isEqualTo("1.1.0");
        assertThat(web.state()).isEqualTo(ContainerState.parse("running"));
        assertThat(web.health()).isEqualTo(Health.fromStatusText("Up 8 minutes (healthy)"));
        assertThat(web.managed()).isTrue();
        ObservedContainer other = containers.get(1);
        assertThat(other.name()).isEqualTo("0123456789ab");
        assertThat(other.service()).isNull();
        assertThat(other.managed()).isFalse();
        assertThat(other.state()).isEqualTo(ContainerState.parse("exited"));
    }

    @Test
    void everyTagAndDigestOfAnImageNamesIt() throws Exception {
        Map<String, String> images = DockerObserver.parseImages(stream("""
                [{"Containers": -1, "Created": 1795798079, "Id": "sha256:aaa", "Labels": null, "ParentId": "",
                  "RepoDigests": ["127.0.0.1:5000/demo/web@sha256:d1"], "RepoTags": ["127.0.0.1:5000/demo/web:1.1.0",
                  "demo/web:latest"], "SharedSize": -1, "Size": 21000000, "VirtualSize": 21000000},
                 {"Id": "sha256:bbb", "RepoDigests": null, "RepoTags": null}]"""));
        assertThat(images).containsOnly(Map.entry("127.0.0.1:5000/demo/web:1.1.0", "sha256:aaa"),
                Map.entry("demo/web:latest", "sha256:aaa"), Map.entry("127.0.0.1:5000/demo/web@sha256:d1", "sha256:aaa"));
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
