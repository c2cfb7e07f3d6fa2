package dev.shipshape.controller.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** The shipshape command line. */
@Command(name = "shipshape", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "Keeps a self-hosted server, run as Docker containers on this host, at the version and"
                + " configuration written in a desired-state file.",
        subcommands = {PlanCommand.class, ApplyCommand.class, RunCommand.class, StatusCommand.class, ExportCommand.class,
                DiffCommand.class, ApproveCommand.class, HistoryCommand.class,
                CheckCommand.class,
                VersionCommand.class, DoctorCommand.class, SchemaCommand.class, ReleaseCommand.class, NotifyCommand.class,
                SnapshotCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command with the given output streams and returns its exit code (tests call this instead of main). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorHandler());
        // picocli exits 2 on a usage error, which `plan` uses for "changes pending": a usage error is an error (1).
        cli.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            // except for `release`, whose callers are vendors' CI scripts: there 2 tells a broken call from a broken package
            return ReleaseCommand.owns(e.getCommandLine()) ? ReleaseCommand.USAGE : ErrorHandler.ERROR;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
