package dev.shipshape.controller.cli;

import com.github.dockerjava.api.exception.DockerException;
import dev.shipshape.controller.DockerEngineUnreachableException;
import dev.shipshape.model.InvalidFileException;
import dev.shipshape.model.ShipshapeException;
import picocli.CommandLine;

import java.io.UncheckedIOException;

/**
 * Turns failures into one line that says what is wrong and what to do, and exit code 1. Stack
 * traces are for bugs; with SHIPSHAPE_DEBUG=1 they are printed too.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int ERROR = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        cli.getErr().println("error: " + message(e));
        if ("1".equals(System.getenv("SHIPSHAPE_DEBUG"))) {
            e.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return ERROR;
    }

    static String message(Throwable e) {
        if (e instanceof InvalidFileException f && f.problems().size() > 1) {
            // one problem per line, file:line:col first, as compilers write them (editors and CI jump to each)
            return f.problems().size() + " problems in " + f.file() + "; fix them all, then run again:\n" + f.getMessage();
        }
        if (e instanceof ShipshapeException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException io) {
            return io.getMessage();
        }
        if (e instanceof DockerException d) {
            return "the Docker engine refused a request: " + d.getMessage();
        }
        var unreachable = DockerEngineUnreachableException.of(e);
        if (unreachable.isPresent()) {
            return unreachable.get().getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage() + " (this is a bug in shipshape; run with"
                + " SHIPSHAPE_DEBUG=1 for details)";
    }
}
