package dev.shipshape.controller.cli;

import dev.shipshape.controller.release.PackageBuild;
import dev.shipshape.controller.release.ManifestVariables;
import dev.shipshape.controller.release.PackageCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code shipshape release build DIR}: the zip, its .sha256 and its .sig, from a package that passes check. */
@Command(name = "build", description = "Check a package folder, then write <product>-server-linux-x64-<version>.zip"
        + " (deterministic), its .sha256 and, with --key, its .sig.%nExit codes: 0 built, 1 problems (nothing built),"
        + " 2 usage.")
final class ReleaseBuildCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the package folder (manifest.yaml, variables/, config/)")
    Path dir;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "where to write the files (default: .)")
    Path out;

    @Option(names = "--key", paramLabel = "ed25519-private.pem",
            description = "sign with this Ed25519 private key (PKCS#8 PEM, as openssl genpkey writes it)")
    Path key;

    @CommandLine.Mixin
    ReleaseOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(dir)) {
            err.println("error: " + dir + " is not a folder; release build takes the package folder (check takes a zip too)");
            return ReleaseCommand.USAGE;
        }
        if (key != null && !Files.isRegularFile(key)) {
            err.println("error: --key " + key + " is not a file; give the Ed25519 private key in PEM");
            return ReleaseCommand.USAGE;
        }
        ManifestVariables variables = options.variables(err);
        if (variables == null) {
            return ReleaseCommand.USAGE;
        }
        PackageCheck.Result result = new PackageCheck().check(dir, variables);
        if (!result.ok()) {
            ReleaseCheckCommand.report(result, out, err, dir);
            err.println("nothing was built");
            err.flush();
            return ErrorHandler.ERROR;
        }
        String pem = key == null ? null : Files.readString(key, StandardCharsets.US_ASCII);
        for (Path written : PackageBuild.build(dir, result, this.out, pem, key == null ? null : key.toString())) {
            out.println("wrote " + written);
        }
        out.flush();
        return 0;
    }
}
