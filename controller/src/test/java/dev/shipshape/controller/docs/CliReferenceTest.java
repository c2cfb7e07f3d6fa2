package dev.shipshape.controller.docs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/cli.md's reference is the one the code renders, so it cannot drift from the commands and options. With
 * {@code -Dshipshape.docs.update=true} this test rewrites the file instead of failing.
 */
class CliReferenceTest {
    static final Path FILE = Path.of("..", "docs", "cli.md");
    static final String HOW = "docs/cli.md differs from the command line's picocli model. Regenerate it with\n"
            + "  ./mvnw -B test -pl controller -am -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
            + " -Dshipshape.docs.update=true\n"
            + "(or run dev.shipshape.controller.docs.CliReference's main from the controller folder), and commit it.\n";

    @Test
    void docsCliMdHoldsTheReferenceTheCodeRenders() throws Exception {
        String current = Files.readString(FILE, StandardCharsets.UTF_8);
        String expected = CliReference.expected(current);
        if (Boolean.getBoolean("shipshape.docs.update") && !expected.equals(current)) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
            return;
        }
        assertThat(current).as("the marker line that ends docs/cli.md's intro").contains(CliReference.MARKER);
        assertThat(current).as(HOW + firstDifference(current, expected)).isEqualTo(expected);
    }

    @Test
    void theReferenceWalksNestedCommandsAndNamesEveryOption() {
        String md = CliReference.render();
        assertThat(md).contains("### `shipshape plan`").contains("`-f`, `--file` `FILE`").contains("`--no-fetch`")
                .contains("### `shipshape help`").contains("```\nUsage: shipshape run ");
    }

    private static String firstDifference(String current, String expected) {
        String[] a = current.split("\n", -1);
        String[] b = expected.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end of file>";
            String y = i < b.length ? b[i] : "<end of file>";
            if (!x.equals(y)) {
                return "first difference at line " + (i + 1) + ":\n  docs/cli.md: " + x + "\n  the code:    " + y + "\n";
            }
        }
        return "";
    }
}
