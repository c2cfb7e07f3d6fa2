package dev.shipshape.reconcilers.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats an edit script as a unified diff (the format of {@code diff -u} and {@code git diff}):
 * {@code ---}/{@code +++} headers, then hunks {@code @@ -start,count +start,count @@} with
 * {@code context} unchanged lines around each change. Hunks whose context would touch are merged.
 */
public final class UnifiedDiff {
    public static final int DEFAULT_CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** The unified diff of {@code a} and {@code b}, or an empty string when they are equal. */
    public static String format(String oldLabel, String newLabel, List<String> a, List<String> b, int context) {
        if (context < 0) {
            throw new IllegalArgumentException("context must not be negative");
        }
        List<LineDiff.Edit> edits = LineDiff.diff(a, b);
        List<int[]> hunks = hunks(edits, context);
        if (hunks.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldLabel).append('\n');
        out.append("+++ ").append(newLabel).append('\n');
        for (int[] h : hunks) {
            appendHunk(out, edits, h[0], h[1]);
        }
        return out.toString();
    }

    /** [from, to) ranges of edit indexes, each a change with its context; overlapping ones merged. */
    private static List<int[]> hunks(List<LineDiff.Edit> edits, int context) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < edits.size(); i++) {
            if (edits.get(i).op() == LineDiff.Op.EQUAL) {
                continue;
            }
            int from = Math.max(0, i - context);
            int end = i;
            while (end + 1 < edits.size() && edits.get(end + 1).op() != LineDiff.Op.EQUAL) {
                end++;
            }
            int to = Math.min(edits.size(), end + 1 + context);
            if (!out.isEmpty() && out.get(out.size() - 1)[1] >= from) {
                out.get(out.size() - 1)[1] = to;
            } else {
                out.add(new int[] {from, to});
            }
            i = end;
        }
        return out;
    }

    private static void appendHunk(StringBuilder out, List<LineDiff.Edit> edits, int from, int to) {
        // Lines of each side before the hunk: where it starts, and where an empty side sits.
        int oldBefore = 0;
        int newBefore = 0;
        for (LineDiff.Edit e : edits.subList(0, from)) {
            oldBefore += e.op() != LineDiff.Op.INSERT ? 1 : 0;
            newBefore += e.op() != LineDiff.Op.DELETE ? 1 : 0;
        }
        int oldCount = 0;
        int newCount = 0;
        for (LineDiff.Edit e : edits.subList(from, to)) {
            oldCount += e.op() != LineDiff.Op.INSERT ? 1 : 0;
            newCount += e.op() != LineDiff.Op.DELETE ? 1 : 0;
        }
        out.append("@@ -").append(range(oldBefore, oldCount)).append(" +").append(range(newBefore, newCount)).append(" @@\n");
        for (LineDiff.Edit e : edits.subList(from, to)) {
            char sign = switch (e.op()) {
                case EQUAL -> ' ';
                case DELETE -> '-';
                case INSERT -> '+';
            };
            out.append(sign).append(e.text()).append('\n');
        }
    }

    /** "start,count" 1-based; one line is just "start"; an empty side is "linesBefore,0", as GNU diff writes it. */
    private static String range(int before, int count) {
        if (count == 0) {
            return before + ",0";
        }
        return count == 1 ? String.valueOf(before + 1) : (before + 1) + "," + count;
    }
}
