package dev.shipshape.model.plan;

import dev.shipshape.model.Version;

import java.util.List;

/** Generate missing secrets, render the configuration of {@code version} and swap it into export/. */
public record ExportRelease(Version version, List<String> secretsToGenerate) implements Action {
    public ExportRelease {
        secretsToGenerate = List.copyOf(secretsToGenerate);
    }

    @Override
    public String kind() {
        return "export";
    }

    @Override
    public String describe() {
        return "export the configuration of " + version
                + (secretsToGenerate.isEmpty() ? "" : " (generating secrets " + String.join(", ", secretsToGenerate) + ")");
    }

    @Override
    public Reason why() {
        return Reason.EXPORT_OUTDATED;
    }

    @Override
    public String detail() {
        return "the configuration of " + version + (secretsToGenerate.isEmpty() ? "" : ", generating secrets " + String.join(", ", secretsToGenerate));
    }
}
