package dev.shipshape.model.desired;

import dev.shipshape.model.FieldException;
import dev.shipshape.model.Version;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceTest {
    private static final Version V = Version.parse("1.2.0");

    @Test
    void urlsKeepTheirScheme() {
        assertThat(new Source("https://r.example.com/s-{version}.zip", null).urlFor(V))
                .isEqualTo(URI.create("https://r.example.com/s-1.2.0.zip"));
        Source file = new Source("file:///srv/releases/s-{version}.zip", null);
        assertThat(file.urlFor(V)).isEqualTo(URI.create("file:///srv/releases/s-1.2.0.zip"));
        assertThat(file.isPlainPath()).isFalse();
    }

    @Test
    void aPlainAbsolutePathIsAccepted() {
        Source s = new Source("/srv/releases/spacetech-server-linux-x64-{version}.zip", null);
        assertThat(s.isPlainPath()).isTrue();
        URI u = s.urlFor(V);
        assertThat(u.getScheme()).isNull();
        assertThat(u.getPath()).isEqualTo("/srv/releases/spacetech-server-linux-x64-1.2.0.zip");
    }

    @Test
    void aRelativePathWithSpacesIsAccepted() {
        Source s = new Source("releases dir/s-{version}.zip", null);
        assertThat(s.urlFor(V).getPath()).isEqualTo("releases dir/s-1.2.0.zip");
        assertThat(s.urlFor(V).isAbsolute()).isFalse();
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> new Source("ftp://x/s-{version}.zip", null))
                .isInstanceOf(FieldException.class)
                .hasMessageContaining("http://, https:// or file://")
                .hasMessageContaining("plain path");
    }
}
