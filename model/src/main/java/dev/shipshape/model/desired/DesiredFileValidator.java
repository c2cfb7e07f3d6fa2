package dev.shipshape.model.desired;

import dev.shipshape.model.InvalidFileException;
import dev.shipshape.model.Problem;
import dev.shipshape.model.Yaml;
import dev.shipshape.model.YamlTree;

import java.util.List;

/**
 * Checks a desired file completely before it is bound to records, collecting every problem with
 * its line, column and field, so one run of {@code plan} shows all that is wrong. It accepts
 * exactly what {@code schema/shipshape-server.schema.json} describes (a test holds them
 * together); the record constructors keep their own checks as a second line, and the messages
 * come from the same static checks they use.
 *
 * <p>Why not validate with a JSON-schema library at run time: the model depends on Jackson only, a schema
 * library's messages are generic ("does not match the regex pattern"), and mapping its JSON pointers back to
 * YAML positions needs a tree with positions anyway. Walking {@link YamlTree} gives exact positions, messages
 * that say what to do, and typo suggestions; the schema stays the contract for editors and CI.
 *
 * <p>Beyond the schema, it checks what a JSON schema cannot say well: that a duration is within
 * range, a time zone exists, a version's numbers fit, a window is not empty, and that projectDir
 * stays inside the desired file's folder once normalised.
 *
 * <p>The rules live in {@link DesiredFileRules} (top level and spec), {@link ImagesRules} and
 * {@link RolloutRules}; {@link KnownFields} and {@link ValueChecks} are the checks they are built of.
 */
public final class DesiredFileValidator {
    /** A path or URL longer than this is a mistake (Linux's PATH_MAX). */
    public static final int MAX_STRING = 4096;

    private DesiredFileValidator() {
    }

    /** Throws an {@link InvalidFileException} listing every problem of {@code text}; returns when there is none. */
    public static void check(String file, String text) {
        List<Problem> problems = problems(text);
        if (!problems.isEmpty()) {
            throw new InvalidFileException(file, problems);
        }
    }

    /** Every problem of {@code text}, in file order; empty when it is a valid desired file. */
    public static List<Problem> problems(String text) {
        if (text.length() > Yaml.MAX_DOCUMENT_CHARS) {
            return List.of(new Problem(0, 0, null, "the file is larger than " + Yaml.MAX_DOCUMENT_CHARS
                    + " characters; this is not a desired-state file, check that -f names the right file"));
        }
        if (text.isBlank()) {
            return List.of(new Problem(0, 0, null, "the file is empty"));
        }
        YamlTree.Parsed parsed = YamlTree.parse(text);
        if (parsed.root() == null && parsed.problems().isEmpty()) {
            return List.of(new Problem(0, 0, null, "the file holds no document, only comments; write the desired state"
                    + " (apiVersion, kind, metadata, spec) into it"));
        }
        ProblemList problems = new ProblemList();
        problems.addAll(parsed.problems());
        if (parsed.root() != null) {
            DesiredFileRules.reportingTo(problems).check(parsed.root());
        }
        return problems.sorted();
    }
}
