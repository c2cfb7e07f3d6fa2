package dev.shipshape.model.desired;

import dev.shipshape.model.InvalidFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every file of {@code src/test/resources/invalid-desired/} is refused with exactly the text of the
 * {@code .expected} file next to it: all problems of the file, one per line. The file name in the
 * messages is the corpus file's own name.
 */
class InvalidDesiredCorpusTest {
    static final Path CORPUS = corpus();

    static Path corpus() {
        try {
            return Path.of(InvalidDesiredCorpusTest.class.getResource("/invalid-desired").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> corpusFiles() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void isRefusedWithExactlyTheExpectedMessage(String name) throws IOException {
        String text = read(CORPUS.resolve(name));
        Path expectedFile = CORPUS.resolve(name.replace(".yaml", ".expected"));
        assertThat(expectedFile).as("every corpus file has its .expected").exists();
        String expected = read(expectedFile).stripTrailing();

        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> DesiredFile.parse(Path.of(name), text));

        assertThat(e).as("%s must be refused", name).isNotNull();
        assertThat(e.getMessage()).isEqualTo(expected);
        assertThat(e.problems()).hasSize((int) expected.lines().count());
        assertThat(e.getMessage().lines()).allSatisfy(line -> assertThat(line).startsWith(name + ":"));
    }

    @Test
    void theCorpusCoversAtLeastTwentyFiles() throws IOException {
        assertThat(corpusFiles().count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aOneMegabyteStringIsRefusedWithoutEchoingIt() {
        String text = DesiredFileTest.VALID.replace("projects/spacetech", "x".repeat(1_000_000));
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> DesiredFile.parse(Path.of("big.yaml"), text));
        assertThat(e.getMessage()).isEqualTo("big.yaml: the file is larger than 1000000 characters; this is not a"
                + " desired-state file, check that -f names the right file");
        assertThat(e.getMessage().length()).isLessThan(200);
    }

    @Test
    void everyProblemOfAFileIsKeptInFileOrder() {
        InvalidFileException e = catchThrowableOfType(InvalidFileException.class, () -> DesiredFile.parse(Path.of("s.yaml"),
                DesiredFileTest.VALID.replace("3.8.1", "x") + "  state: paused\n  suspend: maybe\n"));
        List<Integer> lines = e.problems().stream().map(dev.shipshape.model.Problem::line).toList();
        assertThat(lines).containsExactly(6, 10, 11);
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.field()).isEqualTo("spec.version");
    }
}
