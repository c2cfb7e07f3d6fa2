package dev.shipshape.model.desired;

import dev.shipshape.model.Problem;
import dev.shipshape.model.YamlTree;
import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.MapNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KnownFieldsTest {
    private static final List<String> KNOWN = List.of("url", "checksum", "timeout");
    private static final Map<String, String> REQUIRED = Map.of("url", "add url: with the package address");

    private final ProblemList problems = new ProblemList();
    private final KnownFields fields = new KnownFields(problems);

    private static MapNode map(String yaml) {
        return (MapNode) YamlTree.parse(yaml).root();
    }

    @Test
    void returnsTheKnownFieldsWithAValue() {
        Map<String, Entry> f = fields.of(map("url: https://h/a.zip\nchecksum:\n"), "spec.source", KNOWN, REQUIRED);
        assertThat(f).containsOnlyKeys("url");
        assertThat(problems.sorted()).isEmpty();
    }

    @Test
    void aMisspeltRequiredFieldIsReportedOnceAtTheKey() {
        fields.of(map("timeout: 1m\nulr: https://h/a.zip\n"), "spec.source", KNOWN, REQUIRED);
        assertThat(problems.sorted()).containsExactly(new Problem(2, 1, "spec.source.ulr",
                "unknown field 'ulr', and the required field 'url' is missing; did you mean 'url'? Rename it"));
    }

    @Test
    void reportsUnknownAndMissingFields() {
        fields.of(map("replicas: 3\n"), "spec.source", KNOWN, REQUIRED);
        assertThat(problems.sorted()).extracting(Problem::field, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("spec.source.replicas",
                        "unknown field 'replicas'; remove it (known fields here: checksum, timeout, url)"),
                org.assertj.core.groups.Tuple.tuple("spec.source.url",
                        "required field 'url' is missing; add url: with the package address"));
    }

    @Test
    void aRequiredFieldWithoutValueIsReported() {
        Map<String, Entry> f = fields.of(map("url:\n"), "", KNOWN, REQUIRED);
        assertThat(f).isEmpty();
        assertThat(problems.sorted()).extracting(Problem::field, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("url",
                        "a value is required here, found nothing; add url: with the package address"));
    }
}
