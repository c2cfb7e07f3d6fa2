package dev.shipshape.model.desired;

import dev.shipshape.model.Problem;
import dev.shipshape.model.YamlTree;
import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.MapNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValueChecksTest {
    private final ProblemList problems = new ProblemList();
    private final ValueChecks values = new ValueChecks(problems);

    private static Entry entry(String yaml) {
        return ((MapNode) YamlTree.parse(yaml).root()).entries().get(0);
    }

    @Test
    void aStringPassesItsRuleAndReturnsItsResult() {
        Integer parsed = values.string(entry("n: \"42\"\n"), "n", Integer::parseInt);
        Integer absent = values.string(null, "n", Integer::parseInt);
        assertThat(parsed).isEqualTo(42);
        assertThat(absent).isNull();
        assertThat(problems.sorted()).isEmpty();
    }

    @Test
    void aRuleThatThrowsIsReportedAtTheValue() {
        String result = values.string(entry("n: abc\n"), "spec.n", s -> {
            throw new IllegalArgumentException("not a number");
        });
        assertThat(result).isNull();
        assertThat(problems.sorted()).containsExactly(new Problem(1, 4, "spec.n", "not a number"));
    }

    @Test
    void aNumberWhereAStringBelongsAsksForQuotes() {
        values.string(entry("n: 42\n"), "n", s -> s);
        assertThat(problems.sorted()).singleElement().extracting(Problem::message).asString()
                .endsWith("; put the value in quotes");
    }

    @Test
    void aTooLongStringIsRefusedBeforeItsRule() {
        values.string(entry("n: " + "a".repeat(DesiredFileValidator.MAX_STRING + 1) + "\n"), "n", s -> {
            throw new AssertionError("not called");
        });
        assertThat(problems.sorted()).singleElement().extracting(Problem::message).asString()
                .startsWith("the value is 4097 characters long");
    }

    @Test
    void aQuotedBooleanIsReported() {
        values.bool(entry("b: \"true\"\n"), "b");
        assertThat(problems.sorted()).singleElement().extracting(Problem::message)
                .isEqualTo("expected a boolean, found the string 'true'; write true or false without quotes");
    }

    @Test
    void aMappingIsExpectedWhereOneBelongs() {
        assertThat(values.mapping(entry("spec: 3\n").value(), "spec")).isNull();
        assertThat(problems.sorted()).singleElement().extracting(Problem::message).asString()
                .startsWith("expected a mapping (key: value lines indented under spec), found ");
    }
}
