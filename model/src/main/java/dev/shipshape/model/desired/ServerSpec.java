package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.shipshape.model.Version;

import java.util.Map;

public record ServerSpec(
        @JsonProperty(required = true) Version version,
        @JsonProperty(required = true) Source source,
        @JsonProperty(required = true) String projectDir,
        Map<String, Object> config,
        ImagePins images,
        Rollout rollout,
        RunState state,
        Boolean suspend,
        RuntimeKind runtime,
        SwarmSpec swarm) {

    /** A spec for one Docker engine ({@code runtime: host}), as before the swarm runtime. */
    public ServerSpec(Version version, Source source, String projectDir, Map<String, Object> config, ImagePins images,
            Rollout rollout, RunState state, Boolean suspend) {
        this(version, source, projectDir, config, images, rollout, state, suspend, null, null);
    }

    public ServerSpec {
        if (projectDir == null || projectDir.isBlank()) {
            throw new dev.shipshape.model.FieldException("projectDir", "projectDir is required: the folder (relative to this file) that holds global.yaml");
        }
        if (projectDir.indexOf('\0') >= 0) {
            throw new dev.shipshape.model.FieldException("projectDir", "projectDir contains a NUL character");
        }
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
        images = images == null ? ImagePins.NONE : images;
        rollout = rollout == null ? Rollout.DEFAULTS : rollout;
        state = state == null ? RunState.RUNNING : state;
        suspend = suspend != null && suspend;
        runtime = runtime == null ? RuntimeKind.HOST : runtime;
        swarm = swarm == null ? SwarmSpec.NONE : swarm;
    }

    public boolean suspended() {
        return suspend;
    }
}
