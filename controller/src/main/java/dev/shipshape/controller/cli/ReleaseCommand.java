package dev.shipshape.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** The vendor's kit: {@code release check} and {@code release build}, for a vendor's CI rather than a server. */
@Command(name = "release", description = "Check and build a release package (for vendors; see docs/vendors.md)."
        + "%nExit codes: 0 ok, 1 problems, 2 usage.",
        subcommands = {ReleaseCheckCommand.class, ReleaseBuildCommand.class})
final class ReleaseCommand implements Callable<Integer> {
    /** A vendor's CI tells a broken package (1) from a broken call (2). */
    static final int USAGE = 2;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Whether {@code cli} is this group or one of its commands, whose usage errors exit {@link #USAGE}. */
    static boolean owns(CommandLine cli) {
        for (CommandLine c = cli; c != null; c = c.getParent()) {
            if (c.getCommandSpec().userObject() instanceof ReleaseCommand) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }
}
