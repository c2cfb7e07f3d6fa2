package dev.shipshape.controller;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/architecture.md true: every class its trace of one upgrade names in bold exists where
 * it says, and the trace passes at most six classes between the command and the runtime.
 */
class ArchitectureDocTest {
    private static final Pattern STEP = Pattern.compile("^\\d+\\. \\*\\*`([\\w.]+)`\\*\\*", Pattern.MULTILINE);
    private static final List<String> ROOTS = List.of("dev.shipshape.controller.", "dev.shipshape.reconcilers.",
            "dev.shipshape.model.");

    @Test
    void theTraceOfOneUpgradeNamesClassesThatExist() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "architecture.md"));
        String trace = doc.substring(doc.indexOf("## One upgrade"), doc.indexOf("## Where each decision lives"));
        List<String> steps = new ArrayList<>();
        Matcher m = STEP.matcher(trace);
        while (m.find()) {
            steps.add(m.group(1));
        }

        assertThat(steps).as("the numbered steps of the trace").hasSizeGreaterThanOrEqualTo(6);
        for (String step : steps) {
            assertThat(ROOTS.stream().anyMatch(root -> exists(root + step)))
                    .as("docs/architecture.md names %s, which no module holds", step).isTrue();
        }
        // between the command (first) and the runtime (last)
        assertThat(steps.size() - 2).as("classes between the CLI command and the runtime call").isLessThanOrEqualTo(6);
    }

    private static boolean exists(String name) {
        try {
            Class.forName(name, false, ArchitectureDocTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
