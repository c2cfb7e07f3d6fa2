package dev.shipshape.controller.cli;

import picocli.CommandLine.Option;

/** The {@code --output text|json} the reporting commands take. */
final class OutputOption {
    enum Format { text, json }

    @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
