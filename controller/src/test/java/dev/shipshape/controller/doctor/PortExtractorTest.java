package dev.shipshape.controller.doctor;

import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.compose.DependsOn;
import dev.shipshape.model.compose.HealthCheck;
import dev.shipshape.model.compose.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PortExtractorTest {
    @Test
    void findsHealthCheckPortsAndNumericPortVariables() {
        ServiceSpec web = service("web", List.of("CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null",
                "http://127.0.0.1:18301/index.html"), Map.of("WEB_PORT", "18301", "API_PORT", "18302",
                "SPACETECH_RELEASE", "1.0.0", "TITLE", "18399"));

        assertThat(PortExtractor.ports(web)).containsExactly(
                new PortUse(18301, "web", "WEB_PORT", true),
                new PortUse(18302, "web", "API_PORT", false));
    }

    @Test
    void ignoresValuesThatAreNotPortNumbers() {
        ServiceSpec s = service("api", List.of("CMD-SHELL", "curl -f http://10.0.0.1:9000/ && nc 127.0.0.1:99999"),
                Map.of("API_PORT", "${PORT}", "DB_PORT", "0", "SMTP_PORT", " 2525 ", "PORTS", "80", "api_port", "8080"));

        assertThat(PortExtractor.ports(s)).extracting(PortUse::port).containsExactly(2525, 8080);
    }

    @Test
    void aHealthCheckOnLocalhostCountsToo() {
        ServiceSpec s = service("db", List.of("CMD-SHELL", "wget -q -O- http://localhost:5432/health"), Map.of());

        assertThat(PortExtractor.ports(s)).containsExactly(new PortUse(5432, "db", null, true));
    }

    @Test
    void aServiceWithoutHealthCheckOrPortsUsesNone() {
        assertThat(PortExtractor.ports(service("worker", null, Map.of("QUEUE", "jobs")))).isEmpty();
    }

    @Test
    void eachProjectPortIsAttributedToTheServiceThatBindsIt() {
        // web only connects to the api's port; the api binds it (its own API_PORT and its health check)
        ServiceSpec web = service("web", List.of("CMD", "wget", "http://127.0.0.1:18301/"),
                Map.of("WEB_PORT", "18301", "API_PORT", "18302"), "api");
        ServiceSpec api = service("api", List.of("CMD", "wget", "http://127.0.0.1:18302/health"),
                Map.of("API_PORT", "18302", "DB_PORT", "18303"), "db");
        ServiceSpec db = service("db", null, Map.of("DB_PORT", "18303"));
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        services.put("web", web);
        services.put("api", api);
        services.put("db", db);

        List<PortUse> ports = PortExtractor.ports(new ComposeProject(services, Set.of()));

        assertThat(ports).containsExactly(
                new PortUse(18301, "web", "WEB_PORT", true),
                new PortUse(18302, "api", "API_PORT", true),
                new PortUse(18303, "db", "DB_PORT", true));
    }

    @Test
    void aPortNoServiceBindsGoesToTheFirstServiceInStartOrder() {
        ServiceSpec web = service("web", null, Map.of("CACHE_PORT", "6379"), "api");
        ServiceSpec api = service("api", null, Map.of("CACHE_PORT", "6379"));
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        services.put("web", web);
        services.put("api", api);

        assertThat(PortExtractor.ports(new ComposeProject(services, Set.of())))
                .containsExactly(new PortUse(6379, "api", "CACHE_PORT", false));
    }

    @Test
    void theConfigKeyIsFoundByValueUnderTheServiceElseDerivedFromTheVariable() {
        Map<String, Object> config = Map.of(
                "web", Map.of("port", 18301, "title", "Spacetech"),
                "api", Map.of("port", "18302", "greeting", "hello"),
                "mail", Map.of("smtpPort", 2525));

        assertThat(PortsCheck.configKey(config, new PortUse(18301, "web", "WEB_PORT", true))).isEqualTo("web.port");
        assertThat(PortsCheck.configKey(config, new PortUse(18302, "api", "API_PORT", true))).isEqualTo("api.port");
        assertThat(PortsCheck.configKey(config, new PortUse(2525, "api", "SMTP_PORT", false))).isEqualTo("mail.smtpPort");
        assertThat(PortsCheck.configKey(config, new PortUse(9000, "db", "DB_ADMIN_PORT", true))).isEqualTo("db.admin.port");
        assertThat(PortsCheck.configKey(null, new PortUse(9000, "db", null, true))).isEqualTo("db.port");
    }

    private static ServiceSpec service(String name, List<String> health, Map<String, String> env, String... dependsOn) {
        HealthCheck check = health == null ? null
                : new HealthCheck(health, Duration.ofSeconds(1), Duration.ofSeconds(2), 3, Duration.ofSeconds(5));
        List<DependsOn> deps = java.util.Arrays.stream(dependsOn).map(d -> new DependsOn(d, DependsOn.Condition.SERVICE_HEALTHY)).toList();
        return new ServiceSpec(name, "registry.example.com/" + name + ":1.0.0", null, null, env, List.of(), check, deps,
                "unless-stopped", Map.of(), "host", null, null, null);
    }
}
