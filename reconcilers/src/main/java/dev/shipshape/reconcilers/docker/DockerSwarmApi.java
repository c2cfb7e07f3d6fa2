package dev.shipshape.reconcilers.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;

import dev.shipshape.model.compose.HealthCheck;
import dev.shipshape.model.swarm.SwarmRollout;
import dev.shipshape.model.swarm.SwarmServiceDefinition;
import dev.shipshape.reconcilers.swarm.ImageNotResolvableException;
import dev.shipshape.reconcilers.swarm.NotASwarmManagerException;
import dev.shipshape.reconcilers.swarm.ObservedService;
import dev.shipshape.reconcilers.swarm.ObservedTask;
import dev.shipshape.reconcilers.swarm.SwarmApi;
import dev.shipshape.reconcilers.swarm.SwarmDeployer;
import dev.shipshape.reconcilers.swarm.StackService;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SwarmApi} over the Engine API's plain JSON, through docker-java's transport: docker-java's own Swarm
 * models know neither replicated jobs nor the rollback states of an update, and drop fields (MaxReplicas,
 * RollbackConfig) shipshape writes. Every call goes to the manager DOCKER_HOST names.
 */
public final class DockerSwarmApi implements SwarmApi {
    private final DockerClient docker;
    /** The engine the client talks to, for messages only: asked when a message names it. */
    private final java.util.function.Supplier<String> dockerHost;

    /** Does no I/O and asks nothing of the client until the first call (a host-runtime project never makes one). */
    public DockerSwarmApi(DockerClient docker, java.util.function.Supplier<String> dockerHost) {
        this.docker = docker;
        this.dockerHost = dockerHost;
    }

    public DockerSwarmApi(DockerClient docker, String dockerHost) {
        this(docker, () -> dockerHost);
    }

    @Override
    public List<SwarmNode> nodes() {
        JsonNode info = call("GET", "/info", null);
        JsonNode sw = info.path("Swarm");
        String state = sw.path("LocalNodeState").asText("inactive");
        if (!"active".equals(state) || !sw.path("ControlAvailable").asBoolean(false)) {
            throw new NotASwarmManagerException(dockerHost.get(), "active".equals(state) ? "a worker, not a manager" : state);
        }
        List<SwarmNode> nodes = new ArrayList<>();
        for (JsonNode n : call("GET", "/nodes", null)) {
            nodes.add(new SwarmNode(n.path("ID").asText(), n.path("Description").path("Hostname").asText(),
                    n.path("Spec").path("Availability").asText(), n.path("Status").path("State").asText(),
                    "manager".equals(n.path("Spec").path("Role").asText())));
        }
        nodes.sort(Comparator.comparing(SwarmNode::hostname));
        return nodes;
    }

    @Override
    public String resolveDigest(String image) {
        String repository = repository(image);
        JsonNode d;
        try {
            d = call("GET", "/distribution/" + image + "/json", null);
        } catch (DockerException e) {
            throw new ImageNotResolvableException(image, e.getMessage());
        }
        String digest = d.path("Descriptor").path("digest").asText("");
        if (!digest.startsWith("sha256:")) {
            throw new ImageNotResolvableException(image, "the registry gave no sha256 digest");
        }
        return repository + "@" + digest;
    }

    /** The repository of an image reference: without its tag or digest (a registry's port is no tag). */
    static String repository(String image) {
        String s = image;
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            s = s.substring(0, colon);
        }
        return s;
    }

    @Override
    public List<ObservedService> services(String project) {
        List<ObservedService> out = new ArrayList<>();
        for (JsonNode s : call("GET", "/services?filters=" + filter("label", SwarmDeployer.STACK_NAMESPACE + "=" + project), null)) {
            out.add(service(s));
        }
        return out;
    }

    @Override
    public ObservedService service(String serviceId) {
        try {
            return service(call("GET", "/services/" + serviceId, null));
        } catch (DockerException e) {
            if (e.getHttpStatus() == 404) {
                return null;
            }
            throw e;
        }
    }

    private static ObservedService service(JsonNode s) {
        JsonNode spec = s.path("Spec");
        JsonNode cs = spec.path("TaskTemplate").path("ContainerSpec");
        JsonNode replicated = spec.path("Mode").path("Replicated");
        Integer replicas = replicated.isMissingNode() ? null : replicated.path("Replicas").asInt(1);
        JsonNode us = s.path("UpdateStatus");
        return new ObservedService(s.path("ID").asText(), spec.path("Name").asText(), s.path("Version").path("Index").asLong(),
                strings(spec.path("Labels")), cs.path("Image").asText(), replicas, list(cs.path("Env")), list(cs.path("Args")),
                us.isMissingNode() ? null : us.path("State").asText(null), us.isMissingNode() ? null : us.path("Message").asText(null));
    }

    @Override
    public List<ObservedTask> tasks(String serviceId) {
        Map<String, String> hostnames = new HashMap<>();
        for (JsonNode n : call("GET", "/nodes", null)) {
            hostnames.put(n.path("ID").asText(), n.path("Description").path("Hostname").asText());
        }
        List<ObservedTask> out = new ArrayList<>();
        for (JsonNode t : call("GET", "/tasks?filters=" + filter("service", serviceId), null)) {
            JsonNode st = t.path("Status");
            String err = st.path("Err").asText("");
            if (err.isEmpty() && "pending".equals(st.path("State").asText())) {
                err = st.path("Message").asText(""); // the scheduler's "no suitable node (…)"
            }
            out.add(new ObservedTask(t.path("ID").asText(), serviceId, t.path("Slot").asInt(),
                    hostnames.getOrDefault(t.path("NodeID").asText(""), ""),
                    t.path("Spec").path("ContainerSpec").path("Labels").path(SwarmDeployer.CONFIG_HASH).asText(""),
                    st.path("State").asText(), t.path("DesiredState").asText(), err, st.path("Timestamp").asText("")));
        }
        out.sort(Comparator.comparing(ObservedTask::timestamp).reversed());
        return out;
    }

    @Override
    public String create(SwarmServiceDefinition def, Map<String, String> serviceLabels, SwarmRollout rollout) {
        return call("POST", "/services/create", spec(def, serviceLabels, configs(def.project()), rollout)).path("ID").asText();
    }

    @Override
    public void update(ObservedService current, SwarmServiceDefinition def, Map<String, String> serviceLabels, SwarmRollout rollout) {
        call("POST", "/services/" + current.id() + "/update?version=" + current.versionIndex(),
                spec(def, serviceLabels, configs(def.project()), rollout));
    }

    @Override
    public String createJob(String name, SwarmServiceDefinition service, List<String> command, Map<String, String> serviceLabels) {
        return call("POST", "/services/create", jobSpec(name, service, command, serviceLabels, configs(service.project())))
                .path("ID").asText();
    }

    /** A replicated job of one task with the service's container spec and placement, its own command, no restart. */
    static ObjectNode jobSpec(String name, SwarmServiceDefinition service, List<String> command, Map<String, String> serviceLabels,
            Map<String, String> configIds) {
        ObjectNode spec = spec(service, serviceLabels, configIds, SwarmRollout.of(Duration.ofSeconds(24), null));
        spec.put("Name", name);
        spec.remove("UpdateConfig");
        spec.remove("RollbackConfig");
        ObjectNode cs = (ObjectNode) spec.path("TaskTemplate").path("ContainerSpec");
        ArrayNode args = cs.putArray("Args");
        command.forEach(args::add);
        // a job is done when it exits, not when it is healthy: the service's check is not the job's
        cs.putObject("Healthcheck").putArray("Test").add("NONE");
        ((ObjectNode) spec.path("TaskTemplate")).putObject("RestartPolicy").put("Condition", "none");
        spec.remove("Mode");
        spec.putObject("Mode").putObject("ReplicatedJob").put("MaxConcurrent", 1).put("TotalCompletions", 1);
        return spec;
    }

    @Override
    public void remove(String serviceId) {
        try {
            call("DELETE", "/services/" + serviceId, null);
        } catch (DockerException e) {
            if (e.getHttpStatus() != 404) {
                throw e;
            }
        }
    }

    @Override
    public StackService inspect(String serviceId) {
        JsonNode s;
        try {
            s = call("GET", "/services/" + serviceId, null);
        } catch (DockerException e) {
            if (e.getHttpStatus() == 404) {
                return null;
            }
            throw e;
        }
        return stackService(s, this::networkName, this::configData, DockerSwarmApi::localFile);
    }

    /**
     * What a service runs, from its JSON ({@code GET /services/{id}}), with the names of its networks, the data of
     * its configs (null when gone) and the content of its binds' sources as these functions give them.
     */
    static StackService stackService(JsonNode s, java.util.function.Function<String, String> networkName,
            java.util.function.Function<String, byte[]> configData, java.util.function.Function<String, byte[]> localFile) {
        JsonNode task = s.path("Spec").path("TaskTemplate");
        JsonNode cs = task.path("ContainerSpec");
        List<String> networks = new ArrayList<>();
        for (JsonNode n : task.path("Networks")) {
            networks.add(networkName.apply(n.path("Target").asText()));
        }
        List<StackService.Mount> mounts = new ArrayList<>();
        for (JsonNode m : cs.path("Mounts")) {
            String type = m.path("Type").asText();
            String source = m.path("Source").asText("");
            mounts.add(new StackService.Mount(type, source, m.path("Target").asText(), m.path("ReadOnly").asBoolean(false),
                    "bind".equals(type) ? localFile.apply(source) : null));
        }
        List<StackService.Carried> files = new ArrayList<>();
        for (JsonNode c : cs.path("Configs")) {
            if (c.path("File").isMissingNode()) {
                continue; // a credential spec's config, no file
            }
            files.add(new StackService.Carried(false, c.path("ConfigName").asText(), c.path("File").path("Name").asText(),
                    configData.apply(c.path("ConfigID").asText())));
        }
        for (JsonNode c : cs.path("Secrets")) {
            files.add(new StackService.Carried(true, c.path("SecretName").asText(), c.path("File").path("Name").asText(), null));
        }
        return new StackService(list(cs.path("Command")), networks, mounts, files, list(task.path("Placement").path("Constraints")));
    }

    /** A config's data, or null when it is gone. */
    private byte[] configData(String id) {
        try {
            return java.util.Base64.getDecoder().decode(call("GET", "/configs/" + id, null).path("Spec").path("Data").asText(""));
        } catch (DockerException e) {
            if (e.getHttpStatus() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** A network's name by its id or name (Swarm keeps ids in a spec); the id itself when it is gone. */
    private String networkName(String target) {
        try {
            return call("GET", "/networks/" + target, null).path("Name").asText(target);
        } catch (DockerException e) {
            if (e.getHttpStatus() == 404) {
                return target;
            }
            throw e;
        }
    }

    /**
     * A bind's source as this machine has it: on a one-node swarm the node is this machine (Adoption only compares it
     * there). Null when it is no regular file here.
     */
    /** The largest bind source read to compare with an export file: Swarm's own limit for a config, 500 KB. */
    static final long MAX_COMPARED_BIND = 500 * 1024;

    private static byte[] localFile(String source) {
        java.nio.file.Path p = java.nio.file.Path.of(source);
        if (!p.isAbsolute() || !java.nio.file.Files.isRegularFile(p)) {
            return null;
        }
        try {
            // a file of the export is a configuration file (a Swarm config holds at most 500 KB); a bigger bind (a
            // database file) is no export file and is not read into memory each pass: it does not match
            if (java.nio.file.Files.size(p) > MAX_COMPARED_BIND) {
                return null;
            }
            return java.nio.file.Files.readAllBytes(p);
        } catch (IOException e) {
            return null; // not readable by shipshape: not adopted, and the verdict says the content differs
        }
    }

    @Override
    public void relabel(ObservedService current, Map<String, String> labels) {
        // only the service's labels differ, so Swarm replaces no task
        updateOwnSpec(current, spec -> {
            ObjectNode l = spec.has("Labels") && spec.get("Labels").isObject() ? (ObjectNode) spec.get("Labels")
                    : spec.putObject("Labels");
            labels.forEach(l::put);
        });
    }

    @Override
    public void scale(ObservedService current, int replicas) {
        // only the count differs: no running task is replaced
        updateOwnSpec(current, spec -> {
            ObjectNode mode = spec.has("Mode") && spec.get("Mode").isObject() ? (ObjectNode) spec.get("Mode") : spec.putObject("Mode");
            ObjectNode replicated = mode.has("Replicated") && mode.get("Replicated").isObject() ? (ObjectNode) mode.get("Replicated")
                    : mode.putObject("Replicated");
            replicated.put("Replicas", replicas);
        });
    }

    /**
     * Sends the service's own current spec back at its own version, changed only by {@code change}: what Swarm does
     * then depends on that change alone (a label or a count never replaces a task).
     */
    private void updateOwnSpec(ObservedService current, java.util.function.Consumer<ObjectNode> change) {
        JsonNode s = call("GET", "/services/" + current.id(), null);
        ObjectNode spec = (ObjectNode) s.path("Spec").deepCopy();
        change.accept(spec);
        call("POST", "/services/" + current.id() + "/update?version=" + s.path("Version").path("Index").asLong(), spec);
    }

    @Override
    public Map<String, String> configs(String project) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kind : List.of("configs", "secrets")) {
            // shipshape's own only: what docker stack deploy made for the project is not shipshape's to remove
            for (JsonNode c : call("GET", "/" + kind + "?filters=" + filter("label", SwarmDeployer.STACK_NAMESPACE + "=" + project,
                    SwarmDeployer.MANAGED + "=true"), null)) {
                out.put(c.path("Spec").path("Name").asText(), c.path("ID").asText());
            }
        }
        return out;
    }

    @Override
    public void ensureConfig(String project, SwarmServiceDefinition.CarriedFile file) {
        if (configs(project).containsKey(file.configName())) {
            return;
        }
        ObjectNode body = EngineApi.JSON.createObjectNode();
        body.put("Name", file.configName());
        body.putObject("Labels").put(SwarmDeployer.STACK_NAMESPACE, project).put(SwarmDeployer.MANAGED, "true");
        body.put("Data", file.contentBase64());
        try {
            // a file holding a secret is a Swarm secret: kept encrypted, given only to the nodes whose tasks use it
            call("POST", file.secret() ? "/secrets/create" : "/configs/create", body);
        } catch (DockerException e) {
            if (e.getHttpStatus() != 409) { // made meanwhile: same name, same content (the name holds its hash)
                throw e;
            }
        }
    }

    @Override
    public boolean removeConfig(String id) {
        try {
            call("DELETE", "/configs/" + id, null);
            return true;
        } catch (DockerException e) {
            if (e.getHttpStatus() == 404) {
                return removeSecret(id);
            }
            if (e.getHttpStatus() == 400 || e.getHttpStatus() == 409) {
                return false; // still in use
            }
            throw e;
        }
    }

    /** A secret of {@link #configs} (the ids of configs and secrets do not collide): gone is fine, in use is kept. */
    private boolean removeSecret(String id) {
        try {
            call("DELETE", "/secrets/" + id, null);
            return true;
        } catch (DockerException e) {
            if (e.getHttpStatus() == 404) {
                return true;
            }
            if (e.getHttpStatus() == 400 || e.getHttpStatus() == 409) {
                return false; // still in use
            }
            throw e;
        }
    }

    /** The service spec of the Engine API for a definition. */
    static ObjectNode spec(SwarmServiceDefinition def, Map<String, String> serviceLabels, Map<String, String> configIds,
            SwarmRollout rollout) {
        ObjectNode spec = EngineApi.JSON.createObjectNode();
        spec.put("Name", def.name());
        ObjectNode labels = spec.putObject("Labels");
        serviceLabels.forEach(labels::put);
        ObjectNode task = spec.putObject("TaskTemplate");
        ObjectNode cs = task.putObject("ContainerSpec");
        cs.put("Image", def.image());
        ObjectNode cl = cs.putObject("Labels");
        def.labels().forEach(cl::put);
        cl.put(SwarmDeployer.STACK_NAMESPACE, def.project());
        cl.put(SwarmDeployer.CONFIG_HASH, def.configHash());
        if (def.entrypoint() != null) {
            def.entrypoint().forEach(cs.putArray("Command")::add);
        }
        if (def.command() != null) {
            ArrayNode args = cs.putArray("Args");
            def.command().forEach(args::add);
        }
        ArrayNode env = cs.putArray("Env");
        def.environment().forEach((k, v) -> env.add(k + "=" + v));
        if (def.user() != null) {
            cs.put("User", def.user());
        }
        if (def.workingDir() != null) {
            cs.put("Dir", def.workingDir());
        }
        if (def.stopGracePeriod() != null) {
            cs.put("StopGracePeriod", def.stopGracePeriod().toNanos());
        }
        ArrayNode mounts = cs.putArray("Mounts");
        for (SwarmServiceDefinition.Volume v : def.volumes()) {
            ObjectNode m = mounts.addObject();
            m.put("Type", "volume");
            m.put("Source", def.project() + "_" + v.source());
            m.put("Target", v.target());
            m.put("ReadOnly", v.readOnly());
            m.putObject("VolumeOptions").putObject("Labels").put(SwarmDeployer.STACK_NAMESPACE, def.project());
        }
        ArrayNode configs = cs.putArray("Configs");
        ArrayNode secrets = cs.putArray("Secrets");
        for (SwarmServiceDefinition.CarriedFile f : def.configs()) {
            String id = configIds.get(f.configName());
            if (id == null) {
                throw new IllegalStateException("Swarm " + (f.secret() ? "secret " : "config ") + f.configName()
                        + " is missing; it is made before the service");
            }
            ObjectNode c = (f.secret() ? secrets : configs).addObject();
            c.putObject("File").put("Name", f.target()).put("UID", "0").put("GID", "0").put("Mode", 0444);
            c.put(f.secret() ? "SecretID" : "ConfigID", id);
            c.put(f.secret() ? "SecretName" : "ConfigName", f.configName());
        }
        HealthCheck h = def.healthcheck();
        if (h != null) {
            ObjectNode hc = cs.putObject("Healthcheck");
            h.test().forEach(hc.putArray("Test")::add);
            putNanos(hc, "Interval", h.interval());
            putNanos(hc, "Timeout", h.timeout());
            putNanos(hc, "StartPeriod", h.startPeriod());
            hc.put("Retries", h.retries());
        }
        // a failed task is restarted by Swarm itself (the host runtime's restart: unless-stopped)
        task.putObject("RestartPolicy").put("Condition", "any").put("Delay", Duration.ofSeconds(1).toNanos());
        ObjectNode placement = task.putObject("Placement");
        def.constraints().forEach(placement.putArray("Constraints")::add);
        // host network: a port can be bound once per node
        placement.put("MaxReplicas", 1);
        task.putArray("Networks").addObject().put("Target", "host");
        spec.putObject("Mode").putObject("Replicated").put("Replicas", def.replicas());
        // stop-first: the old task must free the host's port before the new one binds it; the monitor from
        // spec.rollout.healthTimeout (SwarmRollout), so a task that dies right after it got healthy still rolls back
        ObjectNode update = spec.putObject("UpdateConfig");
        update.put("Parallelism", SwarmRollout.PARALLELISM).put("Delay", 0).put("FailureAction", SwarmRollout.FAILURE_ACTION)
                .put("Monitor", rollout.monitor().toNanos()).put("MaxFailureRatio", 0).put("Order", SwarmRollout.ORDER);
        ObjectNode rollback = spec.putObject("RollbackConfig");
        rollback.put("Parallelism", SwarmRollout.PARALLELISM).put("Delay", 0).put("FailureAction", "pause")
                .put("Monitor", rollout.monitor().toNanos()).put("MaxFailureRatio", 0).put("Order", SwarmRollout.ORDER);
        return spec;
    }

    private static void putNanos(ObjectNode o, String field, Duration d) {
        if (d != null) {
            o.put(field, d.toNanos());
        }
    }

    private static String filter(String key, String... values) {
        ObjectNode f = EngineApi.JSON.createObjectNode();
        ArrayNode a = f.putArray(key);
        for (String v : values) {
            a.add(v);
        }
        return URLEncoder.encode(f.toString(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static List<String> list(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(n -> l.add(n.asText()));
        return l;
    }

    private JsonNode call(String method, String path, JsonNode body) {
        String what = method + " " + path.replaceFirst("\\?.*", "");
        DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder().method(method).path(path);
        if (body != null) {
            b.putHeader("Content-Type", "application/json").body(new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)));
        }
        try (DockerHttpClient.Response response = DockerClients.transport(docker).execute(b.build())) {
            InputStream in = response.getBody();
            byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
            int status = response.getStatusCode();
            if (status / 100 != 2) {
                String text = new String(bytes, 0, Math.min(bytes.length, 2000), StandardCharsets.UTF_8).strip();
                JsonNode m = text.startsWith("{") ? EngineApi.JSON.readTree(text).path("message") : null;
                throw new DockerException("the Docker engine answered " + what + " with " + status + ": "
                        + (m != null && m.isTextual() ? m.asText() : text), status);
            }
            return bytes.length == 0 ? EngineApi.JSON.createObjectNode() : EngineApi.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Docker engine's answer to " + what, e);
        }
    }
}
