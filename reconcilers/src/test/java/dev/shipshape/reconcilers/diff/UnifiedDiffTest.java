package dev.shipshape.reconcilers.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UnifiedDiffTest {

    @Test
    void equalInputsGiveNoDiff() {
        assertThat(UnifiedDiff.format("a", "b", List.of("x", "y"), List.of("x", "y"), 3)).isEmpty();
        assertThat(UnifiedDiff.format("a", "b", List.of(), List.of(), 3)).isEmpty();
    }

    @Test
    void oneChangedLineWithContext() {
        List<String> a = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9");
        List<String> b = List.of("1", "2", "3", "4", "five", "6", "7", "8", "9");
        assertThat(UnifiedDiff.format("old", "new", a, b, 2)).isEqualTo("""
                --- old
                +++ new
                @@ -3,5 +3,5 @@
                 3
                 4
                -5
                +five
                 6
                 7
                """);
    }

    @Test
    void distantChangesMakeTwoHunksAndCloseOnesMerge() {
        List<String> a = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            a.add("l" + i);
        }
        List<String> b = new ArrayList<>(a);
        b.set(1, "L2");
        b.set(17, "L18");
        String two = UnifiedDiff.format("o", "n", a, b, 3);
        assertThat(two).contains("@@ -1,5 +1,5 @@").contains("@@ -15,6 +15,6 @@");
        b.set(7, "L8");
        String merged = UnifiedDiff.format("o", "n", a, b, 3);
        assertThat(merged.split("@@ -", -1)).hasSize(3);
        assertThat(merged).contains("@@ -1,11 +1,11 @@");
    }

    @Test
    void newAndDeletedFilesUseZeroRanges() {
        assertThat(UnifiedDiff.format("/dev/null", "n", List.of(), List.of("a", "b"), 3))
                .isEqualTo("--- /dev/null\n+++ n\n@@ -0,0 +1,2 @@\n+a\n+b\n");
        assertThat(UnifiedDiff.format("o", "/dev/null", List.of("a"), List.of(), 3))
                .isEqualTo("--- o\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n");
    }

    @Test
    void anInsertWithoutContextNamesTheLineBefore() {
        assertThat(UnifiedDiff.format("o", "n", List.of("a", "b", "c"), List.of("a", "b", "x", "c"), 0))
                .isEqualTo("--- o\n+++ n\n@@ -2,0 +3 @@\n+x\n");
    }

    @Test
    void theEditScriptIsMinimalAndRebuildsBothSides() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            List<String> a = randomLines(random);
            List<String> b = randomLines(random);
            List<LineDiff.Edit> edits = LineDiff.diff(a, b);
            List<String> oldSide = new ArrayList<>();
            List<String> newSide = new ArrayList<>();
            int changes = 0;
            for (LineDiff.Edit e : edits) {
                if (e.op() != LineDiff.Op.INSERT) {
                    oldSide.add(e.text());
                }
                if (e.op() != LineDiff.Op.DELETE) {
                    newSide.add(e.text());
                }
                changes += e.op() == LineDiff.Op.EQUAL ? 0 : 1;
            }
            assertThat(oldSide).isEqualTo(a);
            assertThat(newSide).isEqualTo(b);
            assertThat(changes).as("minimal: a + b - 2 * LCS").isEqualTo(a.size() + b.size() - 2 * lcs(a, b));
        }
    }

    private static List<String> randomLines(Random random) {
        List<String> out = new ArrayList<>();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            out.add(String.valueOf((char) ('a' + random.nextInt(4))));
        }
        return out;
    }

    private static int lcs(List<String> a, List<String> b) {
        int[][] t = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                t[i][j] = a.get(i).equals(b.get(j)) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
            }
        }
        return t[0][0];
    }
}
