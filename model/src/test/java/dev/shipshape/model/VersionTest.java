package dev.shipshape.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionTest {

    private static Version v(String s) {
        return Version.parse(s);
    }

    @Test
    void numericPartsCompareAsNumbers() {
        assertThat(v("1.9.0")).isLessThan(v("1.10.0"));
        assertThat(v("1.9.0").isOlderThan(v("1.10.0"))).isTrue();
        assertThat(v("1.10.0").isOlderThan(v("1.9.0"))).isFalse();
        assertThat(v("2.0.0")).isGreaterThan(v("1.99.99"));
        assertThat(v("1.2.10")).isGreaterThan(v("1.2.9"));
    }

    @Test
    void missingPartsAreZero() {
        assertThat(v("1.0")).isEqualTo(v("1.0.0"));
        assertThat(v("1.0").sameAs(v("1.0.0"))).isTrue();
        assertThat(v("1.0").hashCode()).isEqualTo(v("1.0.0").hashCode());
        assertThat(v("1")).isEqualByComparingTo(v("1.0.0"));
        assertThat(v("1.0.0.0")).isEqualTo(v("1.0.0"));
        assertThat(v("1.0.0.0").hashCode()).isEqualTo(v("1.0.0").hashCode());
        assertThat(v("1.0.0.1")).isGreaterThan(v("1.0.0"));
    }

    @Test
    void textIsKeptAsWritten() {
        assertThat(v("1.0").toString()).isEqualTo("1.0");
        assertThat(v(" 1.2.3 ").toString()).isEqualTo("1.2.3");
        assertThat(v("v1.2.3")).isEqualTo(v("1.2.3"));
    }

    @Test
    void preReleaseSortsBeforeItsRelease() {
        assertThat(v("1.1.0-rc.1")).isLessThan(v("1.1.0"));
        assertThat(v("1.1.0-rc.1")).isGreaterThan(v("1.0.9"));
        assertThat(v("1.1.0-rc.1")).isNotEqualTo(v("1.1.0"));
    }

    @Test
    void numericPreReleaseIdentifiersCompareAsNumbers() {
        assertThat(v("1.1.0-rc.2")).isLessThan(v("1.1.0-rc.10"));
        assertThat(v("1.1.0-rc.10")).isGreaterThan(v("1.1.0-rc.9"));
    }

    @Test
    void alphanumericPreReleaseIdentifiersCompareLexically() {
        assertThat(v("1.0.0-alpha")).isLessThan(v("1.0.0-beta"));
        assertThat(v("1.0.0-beta")).isLessThan(v("1.0.0-rc.1"));
    }

    @Test
    void semverSpecPrecedenceExample() {
        // The list from semver.org section 11, shuffled, must sort back into order.
        List<String> expected = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
        List<Version> versions = new ArrayList<>(expected.stream().map(Version::parse).toList());
        Collections.reverse(versions);
        Collections.sort(versions);
        assertThat(versions).extracting(Version::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void buildMetadataIsIgnored() {
        assertThat(v("1.2.3+build.5")).isEqualTo(v("1.2.3"));
        assertThat(v("1.2.3+build.5")).isEqualTo(v("1.2.3+other"));
        assertThat(v("1.2.3+build.5").hashCode()).isEqualTo(v("1.2.3").hashCode());
        assertThat(v("1.2.3-rc.1+b")).isEqualTo(v("1.2.3-rc.1"));
        assertThat(v("1.2.3+b")).isGreaterThan(v("1.2.3-rc.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "", "  ", "1.", ".1", "1..2", "1.2.3.4.5", "a.b.c", "1.2.3-", "1.2.3+", "1.2.3 4",
            "1.2.3-rc_1", "99999999999.0.0"})
    void invalidStringsAreRefusedWithAMessage(String text) {
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.trim().isEmpty() ? "version" : text);
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> Version.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0-rc..1", "1.0.0-.", "1.0.0-rc."})
    void emptyPreReleaseIdentifiersAreRefused(String text) {
        // semver: identifiers MUST NOT be empty. Today "1.0.0-rc..1" is accepted and comparing it
        // with "1.0.0-rc.1" throws NumberFormatException (new BigInteger("")), and "1.0.0-." parses as a release.
        assertThatThrownBy(() -> Version.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalVersionsHaveEqualHashCodes() {
        // equals() compares numeric pre-release identifiers as numbers, so hashCode must too.
        assertThat(v("1.0.0-rc.01")).isEqualTo(v("1.0.0-rc.1"));
        assertThat(v("1.0.0-rc.01").hashCode()).isEqualTo(v("1.0.0-rc.1").hashCode());
    }

    record Holder(Version version) {
    }

    @Test
    void yamlReadsQuotedAndDottedVersions() {
        assertThat(Yaml.read("t.yaml", "version: 1.2.3\n", Holder.class).version()).isEqualTo(v("1.2.3"));
        assertThat(Yaml.read("t.yaml", "version: \"1.2.3\"\n", Holder.class).version().toString()).isEqualTo("1.2.3");
        assertThat(Yaml.read("t.yaml", "version: \"1.10\"\n", Holder.class).version()).isEqualTo(v("1.10.0"));
        assertThat(Yaml.write(v("1.2.3-rc.1")).trim()).isEqualTo("1.2.3-rc.1");
    }

    @Test
    void yamlReadsVersionsThatYamlSeesAsNumbers() {
        // "version: 1.10" is a YAML float and "version: 2" an int: today both fail with the misleading
        // "version: expected a mapping". The text must be read as written (1.10 must not become 1.1).
        assertThat(Yaml.read("t.yaml", "version: 2\n", Holder.class).version()).isEqualTo(v("2.0.0"));
        assertThat(Yaml.read("t.yaml", "version: 1.10\n", Holder.class).version()).isEqualTo(v("1.10.0"));
    }
}
