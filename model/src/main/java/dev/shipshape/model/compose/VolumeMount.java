package dev.shipshape.model.compose;

/**
 * A volume of a service. A named volume ({@code data:/var/lib/x}) lives in Docker as
 * {@code <project>_<source>}; a bind ({@code ./web/index.html:/www/index.html:ro}) names a path
 * relative to the export folder.
 */
public record VolumeMount(Kind kind, String source, String target, boolean readOnly) {
    public enum Kind { NAMED, BIND }

    public String dockerVolumeName(String project) {
        return project + "_" + source;
    }
}
