package dev.shipshape.controller.cli;

import dev.shipshape.controller.release.ManifestVariables;
import dev.shipshape.controller.release.PackageCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code shipshape release check DIR|ZIP}: would a server accept this package? */
@Command(name = "check", description = "Validate a release package (a folder or a zip) as a server would: manifest,"
        + " templates rendered with the defaults and generated secrets, the compose subset, images, jobs."
        + " Prints one line per problem.%nExit codes: 0 ok, 1 problems, 2 usage.")
final class ReleaseCheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR|ZIP", description = "the package folder, or its zip")
    Path path;

    @CommandLine.Mixin
    ReleaseOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(path)) {
            err.println("error: " + path + " does not exist; give a release package folder or zip");
            return ReleaseCommand.USAGE;
        }
        ManifestVariables variables = options.variables(err);
        if (variables == null) {
            return ReleaseCommand.USAGE;
        }
        PackageCheck.Result result = new PackageCheck().check(path, variables);
        return report(result, spec.commandLine().getOut(), err, path);
    }

    /** Prints the verdict; shared with {@code release build}, which refuses what check refuses. */
    static int report(PackageCheck.Result result, PrintWriter out, PrintWriter err, Path path) {
        result.problems().forEach(err::println);
        err.flush();
        if (!result.ok()) {
            err.println(path + ": " + result.problems().size() + " problem(s); fix them and run shipshape release check again");
            err.flush();
            return ErrorHandler.ERROR;
        }
        out.println(path + ": ok (" + result.manifest().product() + " " + result.manifest().version() + ")");
        out.flush();
        return 0;
    }
}
