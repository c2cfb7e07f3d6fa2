package dev.shipshape.controller.cli;

import dev.shipshape.controller.release.ManifestVariables;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The options {@code release check} and {@code release build} share: the manifest's variables, and help. */
final class ReleaseOptions {
    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "fill in $${NAME} in manifest.yaml (e.g. --var REGISTRY=registry.example.com), as a vendor's build does")
    List<String> vars = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    /** The --var values, or null after saying what is wrong with one (a usage error). */
    ManifestVariables variables(PrintWriter err) {
        try {
            return ManifestVariables.parse(vars);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return null;
        }
    }
}
