package dev.shipshape.controller.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Copies of the example's release folders, with ${REGISTRY} filled in as examples/spacetech/build.sh does. */
public final class ExamplePackages {
    static final Path RELEASES = locate();

    private ExamplePackages() {
    }

    private static Path locate() {
        // surefire runs in the module's folder; an IDE may run in the repository's
        for (Path p : List.of(Path.of("../examples/spacetech/release"), Path.of("examples/spacetech/release"))) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("examples/spacetech/release not found from " + Path.of("").toAbsolutePath());
    }

    static List<String> versions() {
        try (Stream<Path> s = Files.list(RELEASES)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path copy(String version, Path target) {
        Path source = RELEASES.resolve(version);
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.sorted().toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.writeString(to, Files.readString(p).replace("${REGISTRY}", "127.0.0.1:5000"));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
