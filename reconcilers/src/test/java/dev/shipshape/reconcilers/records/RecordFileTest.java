package dev.shipshape.reconcilers.records;

import dev.shipshape.reconcilers.files.UnsafeStateException;
import dev.shipshape.model.InvalidInputException;
import dev.shipshape.reconcilers.files.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RecordFileTest {
    record Doc(String name, List<String> items) {
        @Override
        public String name() {
            // lets a test make the rendering fail half-way through a write
            if ("explode".equals(name)) {
                throw new IllegalStateException("cannot render");
            }
            return name;
        }
    }

    @TempDir
    Path tmp;

    private RecordFile<Doc> file() {
        return new RecordFile<>(tmp.resolve(".shipshape/things.yaml"), Doc.class, "things, for the test", "things",
                "delete it and run again");
    }

    @Test
    void roundTripsTheDocumentBehindAHeaderComment() throws IOException {
        file().write(new Doc("one", List.of("a", "b")));

        assertThat(file().read(Function.identity())).contains(new Doc("one", List.of("a", "b")));
        assertThat(Files.readString(file().path())).isEqualTo("""
                # written by shipshape: things, for the test
                name: one
                items:
                - a
                - b
                """);
    }

    @Test
    void readsNothingWhenThereIsNoFileAndCreatesTheFolderOnTheFirstWrite() {
        assertThat(file().read(Function.identity())).isEmpty();
        assertThat(tmp.resolve(".shipshape")).doesNotExist();

        file().write(new Doc("one", List.of()));

        assertThat(file().path()).isRegularFile();
    }

    @Test
    void writesWithMode644() throws IOException {
        assumeTrue(AtomicFiles.posix());
        file().write(new Doc("one", List.of()));

        assertThat(Files.getPosixFilePermissions(file().path())).isEqualTo(RecordFile.MODE);
    }

    @Test
    void anEmptyFileReadsAsADocumentWithoutValuesAndUnknownKeysAreIgnored() throws IOException {
        Files.createDirectories(file().path().getParent());
        Files.writeString(file().path(), "");
        assertThat(file().read(Function.identity())).contains(new Doc(null, null));

        Files.writeString(file().path(), "name: one\nwrittenByANewerShipshape: true\n");
        assertThat(file().read(Doc::name)).contains("one");
    }

    @Test
    void aCorruptFileIsReportedWithItsPathAndWhatToDo() throws IOException {
        Files.createDirectories(file().path().getParent());
        Files.writeString(file().path(), "name: [unclosed\n");

        assertThatThrownBy(() -> file().read(Function.identity()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file().path().toString())
                .hasMessageContaining("the record of things is damaged (")
                .hasMessageContaining("not valid YAML")
                .hasMessageEndingWith("; delete it and run again");
    }

    @Test
    void aValueOfTheWrongTypeOrOneTheDecoderRefusesIsReportedTheSameWayOnOneLine() throws IOException {
        Files.createDirectories(file().path().getParent());
        Files.writeString(file().path(), "items: {not: a list}\n");
        assertThatThrownBy(() -> file().read(Function.identity()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file().path().toString())
                .hasMessageContaining("the record of things is damaged")
                .hasMessageEndingWith("delete it and run again")
                .hasMessageNotContaining("\n");

        Files.writeString(file().path(), "name: one\n");
        Function<Doc, String> refuse = d -> {
            throw new IllegalArgumentException("name " + d.name() + " is not allowed");
        };
        assertThatThrownBy(() -> file().read(refuse))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("damaged (name one is not allowed); delete it and run again");
    }

    @Test
    void aWriteThatCannotBeRenderedLeavesTheOldFileAndNoTempFile() throws IOException {
        file().write(new Doc("old", List.of("kept")));
        String before = Files.readString(file().path());

        assertThatThrownBy(() -> file().write(new Doc("explode", List.of())))
                .hasMessageContaining("cannot write YAML");

        assertThat(Files.readString(file().path())).isEqualTo(before);
        assertThat(listing()).containsExactly("things.yaml");
    }

    @Test
    void aFolderWhereTheFileShouldBeIsRefusedAndLeavesNoTempFile() throws IOException {
        // a non-empty folder where the file should be: refused before a temp file is written (StateFiles)
        Files.createDirectories(file().path().resolve("in-the-way"));

        assertThatThrownBy(() -> file().write(new Doc("new", List.of())))
                .isInstanceOf(UnsafeStateException.class)
                .hasMessageStartingWith(file().path() + " is not a regular file");

        assertThat(listing()).containsExactly("things.yaml");
        assertThat(file().path()).isDirectory();
    }

    @Test
    void aSecondWriteReplacesTheFirstWhole() {
        file().write(new Doc("first", List.of("a", "b", "c")));
        file().write(new Doc("second", List.of()));

        assertThat(file().read(Function.identity())).contains(new Doc("second", List.of()));
        assertThat(listing()).containsExactly("things.yaml");
    }

    @Test
    void theTempFileIsADotFileNamedAfterTheRecord() {
        assertThat(RecordFile.tempPrefix(Path.of("/p/.shipshape/kept-volumes.yaml"))).isEqualTo(".kept-volumes-");
        assertThat(RecordFile.tempPrefix(Path.of("/p/.shipshape/jobs.yaml"))).isEqualTo(".jobs-");
    }

    private List<String> listing() {
        try (Stream<Path> s = Files.list(file().path().getParent())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
