package dev.shipshape.controller.cli;

import dev.shipshape.model.ShipshapeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** Prints a JSON schema shipped in the jar, for editors (yaml-language-server) and CI checks. */
@Command(name = "schema", description = "Print the JSON schema of the desired-state file (default), or of"
        + " `plan --output json` with 'plan'.%nExit codes: 0 printed, 1 error.")
final class SchemaCommand implements Callable<Integer> {
    enum Which { server, plan }

    @Parameters(index = "0", arity = "0..1", defaultValue = "server", paramLabel = "server|plan",
            description = "server: the desired-state file (default); plan: the output of plan --output json")
    Which which;

    @Spec
    CommandSpec spec;

    static String resource(Which which) {
        String name = which == Which.plan ? "plan-output.schema.json" : "shipshape-server.schema.json";
        try (InputStream in = SchemaCommand.class.getResourceAsStream("/dev/shipshape/schema/" + name)) {
            if (in == null) {
                throw new ShipshapeException("the schema " + name + " is missing from this build of shipshape; rebuild it"
                        + " with ./mvnw -DskipTests package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ShipshapeException("cannot read the schema " + name + " from the jar: " + e.getMessage(), e);
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(resource(which));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
