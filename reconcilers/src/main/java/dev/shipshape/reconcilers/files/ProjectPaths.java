package dev.shipshape.reconcilers.files;

import dev.shipshape.model.Version;

import java.nio.file.Path;

/**
 * The files of a project folder. The user's files (global.yaml, user-secret) sit at the top as in
 * the manual runbook; shipshape's own state lives under {@code .shipshape/}.
 */
public record ProjectPaths(Path projectDir) {
    public Path globalYaml() {
        return projectDir.resolve("global.yaml");
    }

    public Path userSecret() {
        return projectDir.resolve("user-secret");
    }

    public Path generatedSecret() {
        return projectDir.resolve("generated-secret.yaml");
    }

    public Path export() {
        return projectDir.resolve("export");
    }

    public Path stateDir() {
        return projectDir.resolve(".shipshape");
    }

    /** Verified, extracted release packages, one folder per version. */
    public Path packages() {
        return stateDir().resolve("packages");
    }

    public Path packageDir(Version version) {
        return packages().resolve(version.toString());
    }

    /** Downloads in progress and verified zips. */
    public Path downloads() {
        return stateDir().resolve("downloads");
    }

    /** The durable record of the installed version and its history. */
    public Path installedRecord() {
        return stateDir().resolve("installed.yaml");
    }
}
