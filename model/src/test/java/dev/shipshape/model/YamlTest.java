package dev.shipshape.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlTest {
    record Pair(@com.fasterxml.jackson.annotation.JsonProperty(required = true) String required, String optional) {
    }

    @Test
    void optionalRecordFieldsMayBeOmitted() {
        assertThat(Yaml.read("f.yaml", "required: x\n", Pair.class)).isEqualTo(new Pair("x", null));
    }

    @Test
    void requiredRecordFieldsMustBePresent() {
        assertThatThrownBy(() -> Yaml.read("f.yaml", "optional: x\n", Pair.class))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("f.yaml:")
                .hasMessageContaining("required");
    }

    @Test
    void readTreeKeepsOrderAndAcceptsEmptyText() {
        Map<String, Object> tree = Yaml.readTree("g.yaml", "b: 1\na: {c: x}\n");
        assertThat(tree.keySet()).containsExactly("b", "a");
        assertThat(Yaml.readTree("g.yaml", "  \n")).isEmpty();
        assertThatThrownBy(() -> Yaml.readTree("g.yaml", "- 1\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("g.yaml").hasMessageContaining("mapping");
    }

    @Test
    void duplicateKeysInATreeAreRefused() {
        assertThatThrownBy(() -> Yaml.readTree("g.yaml", "a: 1\na: 2\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("g.yaml:2:");
    }

    @Test
    void anAliasIsRefusedWithItsPositionInsteadOfReadAsItsName() {
        assertThatThrownBy(() -> Yaml.readTree("g.yaml", "a: &x {b: 1}\nc: *x\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("g.yaml:2:4: ")
                .hasMessageContaining("uses a YAML alias (*name)");
        assertThatThrownBy(() -> Yaml.read("f.yaml", "required: &r x\noptional: *r\n", Pair.class))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("f.yaml:2:11: ");
    }

    @Test
    void aSecondDocumentIsRefusedWithItsPositionInsteadOfIgnored() {
        assertThatThrownBy(() -> Yaml.readTree("g.yaml", "a: 1\n---\nb: 2\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("g.yaml:3:1: ")
                .hasMessageContaining("a second YAML document starts here");
        // one document with an explicit start marker is fine
        assertThat(Yaml.readTree("g.yaml", "---\na: 1\n")).containsEntry("a", 1);
    }
}
