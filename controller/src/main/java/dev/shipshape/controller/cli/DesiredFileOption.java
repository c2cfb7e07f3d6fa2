package dev.shipshape.controller.cli;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The {@code -f FILE} every command takes. */
final class DesiredFileOption {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "the desired-state file (YAML)")
    Path file;

    @Option(names = "--allow-paths-outside", description = "let the desired file name files outside its folder"
            + " (a file:// or plain spec.source.url, spec.images.credentialsFile, spec.images.offline); off by default,"
            + " so whoever writes the file cannot make shipshape read other files of the host")
    boolean allowPathsOutside;

    ProjectContext load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), null, "no such file; pass the path of your desired-state file with -f");
        } catch (MalformedInputException e) {
            throw new InvalidInputException(file.toString(), null, "the file is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), null, "cannot read the file: " + e.getMessage());
        }
        return ProjectContext.of(DesiredFile.parse(file, text, allowPathsOutside));
    }
}
