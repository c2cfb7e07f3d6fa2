package dev.shipshape.reconcilers.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The shortest edit script between two lists of lines, by Myers' O((N+M)D) algorithm ("An O(ND)
 * Difference Algorithm and Its Variations", 1986): the greedy forward search keeps, for every
 * diagonal k = x - y, the furthest x reached with d edits; the saved frontiers are then walked back
 * to recover the edits. Export files are small (a few hundred lines), so keeping one frontier per
 * d is cheap and keeps the code plain.
 */
public final class LineDiff {
    private LineDiff() {
    }

    /** One line of the edit script: kept in both, only in the old (deleted) or only in the new (inserted). */
    public enum Op { EQUAL, DELETE, INSERT }

    /**
     * @param oldIndex 0-based index in the old list, or -1 for an insert
     * @param newIndex 0-based index in the new list, or -1 for a delete
     */
    public record Edit(Op op, String text, int oldIndex, int newIndex) {
    }

    /** The edits that turn {@code a} into {@code b}, in order; deletes come before inserts at the same place. */
    public static List<Edit> diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= max && found < 0; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x;
                // Step down (an insert) from diagonal k+1, or right (a delete) from k-1, whichever got further.
                if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) {
                    x = v[offset + k + 1];
                } else {
                    x = v[offset + k - 1] + 1;
                }
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
        }
        return backtrack(a, b, trace, offset);
    }

    private static List<Edit> backtrack(List<String> a, List<String> b, List<int[]> trace, int offset) {
        List<Edit> out = new ArrayList<>();
        int x = a.size();
        int y = b.size();
        for (int d = trace.size() - 1; d >= 0; d--) {
            int[] v = trace.get(d);
            int k = x - y;
            int prevK;
            if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) {
                prevK = k + 1;
            } else {
                prevK = k - 1;
            }
            int prevX = d == 0 ? 0 : v[offset + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                x--;
                y--;
                out.add(new Edit(Op.EQUAL, a.get(x), x, y));
            }
            if (d > 0) {
                if (x == prevX) {
                    out.add(new Edit(Op.INSERT, b.get(prevY), -1, prevY));
                } else {
                    out.add(new Edit(Op.DELETE, a.get(prevX), prevX, -1));
                }
            }
            x = prevX;
            y = prevY;
        }
        Collections.reverse(out);
        return out;
    }
}
