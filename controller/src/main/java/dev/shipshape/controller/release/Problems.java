package dev.shipshape.controller.release;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems a check found, one line each, for a vendor's CI log. Paths of the scratch copy are
 * written as the vendor's own (the folder or zip given), since only those can be fixed.
 */
final class Problems {
    private final List<String> lines = new ArrayList<>();
    private Path scratchRoot;
    private String displayRoot;

    /** From now on, a path under {@code scratchRoot} is shown under {@code displayRoot}. */
    void mapping(Path scratchRoot, String displayRoot) {
        this.scratchRoot = scratchRoot;
        this.displayRoot = displayRoot;
    }

    void add(String file, String problem) {
        add(file + ": " + problem);
    }

    void add(String message) {
        lines.add(mapped(message).replaceAll("\\s*\\R\\s*", " ").strip());
    }

    String mapped(String message) {
        if (scratchRoot == null) {
            return message;
        }
        return message.replace(scratchRoot + "/", displayRoot).replace(scratchRoot.toString(), displayRoot);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    int size() {
        return lines.size();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
