package dev.shipshape.controller.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A command on the project of one desired file: the {@code -f FILE} it is given, and where it prints. */
abstract class ProjectCommand implements Callable<Integer> {
    @Mixin
    DesiredFileOption file;

    @Spec
    CommandSpec spec;

    /** The command's standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
