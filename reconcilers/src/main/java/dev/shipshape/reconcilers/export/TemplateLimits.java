package dev.shipshape.reconcilers.export;

import dev.shipshape.model.InvalidInputException;

import java.io.Writer;

/**
 * What one template may cost to render. Without bounds, a template of a few kilobytes nested
 * thousands of sections deep overflows the stack of mustache.java's recursive compiler (a
 * StackOverflowError, which no caller expects), and a few nested sections over a list of global.yaml
 * multiply into hundreds of megabytes in memory. Both are refused as input, naming the template.
 */
final class TemplateLimits {
    /** Sections inside sections: real configuration templates nest a handful. */
    static final int MAX_DEPTH = 32;
    /** Characters one template may render to: the largest real config file is far below a megabyte. */
    static final int MAX_CHARS = 8 * 1024 * 1024;

    private TemplateLimits() {
    }

    /**
     * Refuses a template whose sections nest deeper than {@link #MAX_DEPTH}, before mustache.java
     * compiles it: its compiler recurses once per level. Follows delimiter changes ({@code {{=<% %>=}}}).
     */
    static void checkNesting(String source, String text) {
        String open = "{{";
        String close = "}}";
        int depth = 0;
        int line = 1;
        int at = 0;
        while (true) {
            int start = text.indexOf(open, at);
            if (start < 0) {
                return;
            }
            line += count(text, '\n', at, start);
            int end = text.indexOf(close, start + open.length());
            if (end < 0) {
                return; // unclosed: the compiler reports it with its own words
            }
            String tag = text.substring(start + open.length(), end).strip();
            at = end + close.length();
            if (tag.startsWith("=") && tag.endsWith("=") && tag.length() > 2) {
                String[] delimiters = tag.substring(1, tag.length() - 1).strip().split("\\s+");
                if (delimiters.length == 2) {
                    open = delimiters[0];
                    close = delimiters[1];
                }
            } else if (!tag.isEmpty() && "#^$<?".indexOf(tag.charAt(0)) >= 0 && ++depth > MAX_DEPTH) {
                throw new InvalidInputException(source, line, 0, null, "sections are nested more than " + MAX_DEPTH
                        + " deep; a template may nest at most " + MAX_DEPTH + " sections: the release package's template"
                        + " is faulty, get a fixed package from its vendor (nothing was changed)");
            } else if (tag.startsWith("/")) {
                depth = Math.max(0, depth - 1);
            }
            line += count(text, '\n', start, at);
        }
    }

    private static int count(String text, char c, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** A writer that refuses to grow beyond {@link #MAX_CHARS}: the render stops there, not when memory runs out. */
    static final class BoundedWriter extends Writer {
        private final StringBuilder out = new StringBuilder();

        @Override
        public void write(char[] chars, int off, int len) {
            if (len > MAX_CHARS - out.length()) {
                throw new TemplateProblem(null, null, "renders more than " + (MAX_CHARS / (1024 * 1024)) + " MiB, the most"
                        + " one template may produce; a section repeats too often: make the lists of global.yaml (or"
                        + " spec.config) it repeats over shorter, or get a fixed package from its vendor (nothing was"
                        + " changed)");
            }
            out.append(chars, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
