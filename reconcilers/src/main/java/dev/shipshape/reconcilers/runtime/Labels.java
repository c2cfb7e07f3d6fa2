package dev.shipshape.reconcilers.runtime;

/** Label keys: docker compose's, so `docker compose -p NAME ps` shows our containers, and shipshape's own. */
public final class Labels {
    public static final String PROJECT = "com.docker.compose.project";
    public static final String SERVICE = "com.docker.compose.service";
    public static final String CONTAINER_NUMBER = "com.docker.compose.container-number";
    public static final String ONEOFF = "com.docker.compose.oneoff";
    public static final String WORKING_DIR = "com.docker.compose.project.working_dir";
    public static final String CONFIG_FILES = "com.docker.compose.project.config_files";
    public static final String VOLUME = "com.docker.compose.volume";

    public static final String MANAGED = "dev.shipshape.managed";
    public static final String VERSION = "dev.shipshape.version";
    public static final String CONFIG_HASH = "dev.shipshape.config-hash";
    /** On a one-shot job container (which has no service label): the job's name. */
    public static final String JOB = "dev.shipshape.job";

    private Labels() {
    }
}
