package dev.shipshape.model.desired;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NearestNameTest {
    private static final List<String> SPEC = List.of("version", "source", "projectDir", "suspend");

    @Test
    void aSwapOfNeighboursIsOneEdit() {
        assertThat(NearestName.distance("verison", "version")).isEqualTo(1);
        assertThat(NearestName.distance("abc", "abc")).isZero();
        assertThat(NearestName.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void findsTheFieldAKeyMisspells() {
        assertThat(NearestName.of("verison", SPEC)).isEqualTo("version");
        assertThat(NearestName.of("suspnd", SPEC)).isEqualTo("suspend");
        assertThat(NearestName.of("ProjectDir", SPEC)).isEqualTo("projectDir");
    }

    @Test
    void aKeyFarFromEveryFieldHasNoSuggestion() {
        assertThat(NearestName.of("replicas", SPEC)).isNull();
        assertThat(NearestName.of("x", List.of())).isNull();
    }
}
