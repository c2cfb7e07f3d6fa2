package dev.shipshape.reconcilers.records;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Yaml;
import dev.shipshape.reconcilers.files.AtomicFiles;
import dev.shipshape.reconcilers.files.StateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One YAML record file under {@code .shipshape/}, typed by the Jackson-mapped record {@code D} that
 * is its document. The stores of {@link ProjectRecords} share it, so reading, the message for a
 * damaged file and the crash-safe write exist once.
 *
 * <p>Reading is lenient where the stores always were: an empty file reads as a document with every
 * field null, and keys the document does not know are ignored (a file written by a newer shipshape
 * stays readable after going back to an older one). Anything else that does not fit — bad YAML, a
 * wrong type, or a value the store's decoder rejects — is reported as a damaged record, naming the
 * file and what to do.
 *
 * <p>Writing replaces the whole file atomically (temp file in the same folder, fsync, rename:
 * {@link AtomicFiles#replace}), so a crash leaves the old record or the new one, never half of one.
 * Records are not secret and status readers may run as another user, hence mode 644.
 */
public final class RecordFile<D> {
    static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final String HEADER = "# written by shipshape: ";

    // The strict mapper of Yaml with unknown keys allowed: see the class comment for why.
    private static final ObjectMapper DOCUMENTS = Yaml.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final Class<D> document;
    private final String header;
    private final String what;
    private final String advice;

    /**
     * @param file     the record file, in a folder that is created on the first write
     * @param document the record type Jackson maps the whole document to
     * @param header   what the file is, written as a comment on its first line for whoever opens it
     * @param what     what the record holds, for the damaged-file message ("completed jobs")
     * @param advice   what the operator can do about a damaged file
     */
    public RecordFile(Path file, Class<D> document, String header, String what, String advice) {
        this.file = file;
        this.document = document;
        this.header = header;
        this.what = what;
        this.advice = advice;
    }

    public Path path() {
        return file;
    }

    /**
     * The file's document converted by {@code decode}, or empty when there is no file. Whatever
     * {@code decode} throws is reported as damage to this file, like a parse error.
     *
     * @throws InvalidInputException when the file is damaged
     */
    public <T> Optional<T> read(Function<? super D, ? extends T> decode) {
        String text;
        try {
            // never through a link planted under the record's name (StateFiles)
            Optional<String> read = StateFiles.readString(file);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            text = read.get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            Map<String, Object> tree = Yaml.readTree(file.toString(), text);
            return Optional.of(decode.apply(DOCUMENTS.convertValue(tree, document)));
        } catch (RuntimeException e) {
            throw new InvalidInputException(file.toString(), null,
                    "the record of " + what + " is damaged (" + firstLine(e.getMessage()) + "); " + advice);
        }
    }

    /** Replaces the file by {@code value}, atomically. */
    public void write(D value) {
        // Rendered before the file is touched: a value that cannot be written leaves the old record.
        byte[] content = (HEADER + header + "\n" + Yaml.write(value)).getBytes(StandardCharsets.UTF_8);
        try {
            StateFiles.replace(file, content, MODE, tempPrefix(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code .jobs-} for jobs.yaml: the dot keeps the temp file out of listings and tells whose it is. */
    static String tempPrefix(Path file) {
        String name = file.getFileName().toString();
        return "." + (name.endsWith(".yaml") ? name.substring(0, name.length() - ".yaml".length()) : name) + "-";
    }

    // Jackson appends the source location and the reference chain on further lines; the first says what is wrong.
    private static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
