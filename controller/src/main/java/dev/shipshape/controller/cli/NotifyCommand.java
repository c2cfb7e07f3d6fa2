package dev.shipshape.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** The notification targets of spec.notify: {@code notify test}. */
@Command(name = "notify", description = "Work with the notification targets of spec.notify (see docs/notifications.md).",
        subcommands = {NotifyTestCommand.class})
final class NotifyCommand implements Callable<Integer> {
    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
