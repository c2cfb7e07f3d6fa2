package dev.shipshape.reconcilers.download;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChecksumFileTest {
    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest
    @ValueSource(strings = {
            HEX,
            HEX + "\n",
            HEX + "  demo-server-linux-x64-1.0.0.zip\n",
            HEX + " *demo-server-linux-x64-1.0.0.zip",
            HEX + "\tdemo.zip\r\n",
            "  " + HEX + "  demo.zip  \n",
    })
    void acceptsSha256sumOutput(String text) {
        assertThat(ChecksumFile.parse(text, "x.sha256")).isEqualTo(HEX);
    }

    @Test
    void normalisesUpperCase() {
        assertThat(ChecksumFile.parse(HEX.toUpperCase(), "x.sha256")).isEqualTo(HEX);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not a checksum",
            "0123456789abcdef", // too short
            HEX + "0", // too long
            "sha256:" + HEX,
            "<html><body>404 Not Found</body></html>",
            HEX + "  a.zip\n" + HEX + "  b.zip\n", // two lines
            "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    })
    void refusesAnythingElseNamingTheSource(String text) {
        assertThatThrownBy(() -> ChecksumFile.parse(text, "http://127.0.0.1/x.zip.sha256"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://127.0.0.1/x.zip.sha256 is not a sha256 checksum file")
                .hasMessageContaining("spec.source.checksum");
    }
}
