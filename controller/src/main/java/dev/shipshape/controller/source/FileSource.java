package dev.shipshape.controller.source;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.config.ConfigHash;
import dev.shipshape.model.desired.DesiredFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code shipshape run -f FILE}: the desired file on disk, watched for edits. */
public final class FileSource implements DesiredSource {
    private static final Logger LOG = LoggerFactory.getLogger(FileSource.class);
    static final String INVALID = "InvalidDesiredState";

    private final Path file;
    private final boolean allowPathsOutside;
    private Runnable onChange = () -> { };
    private DesiredFileWatcher watcher;

    public FileSource(Path file) {
        this(file, false);
    }

    /** {@code allowPathsOutside}: the operator's {@code --allow-paths-outside} (see {@link dev.shipshape.model.desired.LocalPaths}). */
    public FileSource(Path file, boolean allowPathsOutside) {
        this.file = file;
        this.allowPathsOutside = allowPathsOutside;
    }

    @Override
    public DesiredRead read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return DesiredRead.refused(new DesiredRead.Problem(INVALID, null, file + ": cannot read the desired file ("
                    + e.getMessage() + "); the server keeps running as it is"));
        }
        try {
            return DesiredRead.valid(DesiredFile.parse(file, text, allowPathsOutside), null);
        } catch (InvalidInputException e) {
            LOG.warn("desired file refused, nothing changed: {}", e.getMessage());
            return DesiredRead.refused(new DesiredRead.Problem(INVALID, ConfigHash.sha256(text), e.getMessage()));
        }
    }

    @Override
    public String generation() {
        try {
            return ConfigHash.sha256(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public synchronized void start(Runnable onChange) {
        this.onChange = onChange;
        watcher = new DesiredFileWatcher(file, onChange);
        watcher.start();
    }

    @Override
    public void refresh() {
        onChange.run();
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
