package dev.shipshape.reconcilers;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Recognises a full disk (ENOSPC, or a quota) behind an I/O error and says which disk: the JDK
 * reports it as a bare "No space left on device", which names neither the folder nor what to do.
 */
public final class DiskSpace {
    /** Deep enough for any real wrapping; stops a cause cycle. */
    private static final int MAX_CAUSE_DEPTH = 16;

    private DiskSpace() {
    }

    /** Whether {@code error}, or one of its causes, is a full disk or an exhausted quota. */
    public static boolean isFull(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof IOException && (m.contains("no space left on device") || m.contains("disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * "the disk holding DIR is full (N bytes free of M)": what a message about a full disk says, with
     * the nearest existing folder of {@code dir} when {@code dir} itself is not there.
     */
    public static String describeFull(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return "the disk holding " + dir + " is full";
        }
        try {
            FileStore store = Files.getFileStore(existing);
            return "the disk holding " + dir + " is full (" + store.getUsableSpace() + " bytes free of "
                    + store.getTotalSpace() + ")";
        } catch (IOException e) {
            return "the disk holding " + dir + " is full";
        }
    }

    /** The advice every such message ends with. */
    public static final String FIX = "free some space there (or give that folder a larger disk), then apply again";
}
