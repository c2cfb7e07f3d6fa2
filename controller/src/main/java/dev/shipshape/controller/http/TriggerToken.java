package dev.shipshape.controller.http;

import dev.shipshape.model.ShipshapeException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The token of {@code run --trigger-token-file}: the file's text without surrounding whitespace (so {@code echo
 * TOKEN > file} works). Read once at start; the token itself is never printed.
 */
public final class TriggerToken {
    static final int MAX_CHARS = 4096;
    /** Shorter tokens could be guessed by a local client trying them as fast as the endpoints answer. */
    static final int MIN_CHARS = 16;

    private TriggerToken() {
    }

    public static String read(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_CHARS) {
                throw new ShipshapeException("the trigger token file " + file + " is larger than " + MAX_CHARS
                        + " bytes; write only the token into it");
            }
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
            refuseIfOthersMayRead(file);
        } catch (NoSuchFileException e) {
            throw new ShipshapeException("the trigger token file " + file + " does not exist; create it (e.g. "
                    + "'openssl rand -hex 32 > " + file + "; chmod 600 " + file + "') or leave out --trigger-token-file");
        } catch (IOException e) {
            throw new ShipshapeException("cannot read the trigger token file " + file + " (" + e.getMessage()
                    + "); check its permissions");
        }
        if (text.length() < MIN_CHARS || text.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new ShipshapeException("the trigger token file " + file + " must hold one token of at least " + MIN_CHARS
                    + " characters without spaces; e.g. 'openssl rand -hex 32 > " + file + "'");
        }
        return text;
    }

    private static void refuseIfOthersMayRead(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw new ShipshapeException("the trigger token file " + file + " is readable by every user of this host,"
                        + " so the token protects nothing; run 'chmod 600 " + file + "'");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
