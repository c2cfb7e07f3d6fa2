package dev.shipshape.reconcilers.diff;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskTest {
    private static final String PASSWORD = "s3cretPassw0rdXYZ";

    private final SecretMarkers markers = SecretMarkers.of(
            Map.of("db", Map.of("password", PASSWORD), "api", Map.of("token", "tok")), List.of("mail.key"));

    /** A template line rendered with the markers, as ReleaseRenderer.renderFilesWith would. */
    private String rendered(String template) {
        Map<String, Object> overlay = markers.overlay();
        return template.replace("{{db.password}}", leaf(overlay, "db", "password"))
                .replace("{{api.token}}", leaf(overlay, "api", "token"))
                .replace("{{mail.key}}", leaf(overlay, "mail", "key"));
    }

    @SuppressWarnings("unchecked")
    private static String leaf(Map<String, Object> tree, String a, String b) {
        return (String) ((Map<String, Object>) tree.get(a)).get(b);
    }

    @Test
    void markersStandForKeysAndNeverHoldValues() {
        String m = leaf(markers.overlay(), "db", "password");
        assertThat(m).doesNotContain(PASSWORD).startsWith("<<secret-");
        assertThat(markers.keyOf(m)).contains("db.password");
        assertThat(markers.keyOf(leaf(markers.overlay(), "mail", "key"))).contains("mail.key");
        assertThat(markers.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void anUnchangedSecretIsMaskedAlikeOnBothSides() {
        SecretMask mask = new SecretMask(markers, Map.of("db.password", PASSWORD, "api.token", "tok"), List.of(), List.of());
        List<String> template = List.of("env:", rendered("  DB_PASSWORD: \"{{db.password}}\""));
        List<String> installed = mask.maskInstalled(List.of("env:", "  DB_PASSWORD: \"" + PASSWORD + "\""), List.of(template));
        List<String> desired = mask.maskDesired(template);
        assertThat(installed).containsExactly("env:", "  DB_PASSWORD: \"***\"");
        assertThat(desired).isEqualTo(installed);
        assertThat(mask.changedKeys()).isEmpty();
    }

    @Test
    void aChangedSecretShowsAsAChangedLineWithoutEitherValue() {
        String old = "oldPasswordValue123";
        SecretMask mask = new SecretMask(markers, Map.of("db.password", PASSWORD, "api.token", "tok"), List.of(), List.of());
        List<String> template = List.of(rendered("  DB_PASSWORD: \"{{db.password}}\""));
        List<String> installed = mask.maskInstalled(List.of("  DB_PASSWORD: \"" + old + "\""), List.of(template));
        List<String> desired = mask.maskDesired(template);
        assertThat(installed).containsExactly("  DB_PASSWORD: \"***\"");
        assertThat(desired).containsExactly("  DB_PASSWORD: \"***(changed)\"");
        assertThat(mask.changedKeys()).containsExactly("db.password");
        assertThat(String.join("\n", installed) + String.join("\n", desired)).doesNotContain(old).doesNotContain(PASSWORD);
    }

    @Test
    void aSecretNotGeneratedYetIsMarkedNew() {
        SecretMask mask = new SecretMask(markers, Map.of("db.password", PASSWORD), List.of("mail.key"), List.of());
        assertThat(mask.maskDesired(List.of(rendered("KEY={{mail.key}} PW={{db.password}}"))))
                .containsExactly("KEY=***(new) PW=***");
    }

    @Test
    void aSecretLineWhoseOtherPartsChangedIsMaskedFromItsFirstSecret() {
        String old = "rotatedAwayValue99";
        SecretMask mask = new SecretMask(markers, Map.of("db.password", PASSWORD), List.of(), List.of());
        List<String> template = List.of(rendered("  DSN: postgres://app:{{db.password}}@db:5433/app"));
        List<String> installed = mask.maskInstalled(List.of("  DSN: postgres://app:" + old + "@db:5432/app"), List.of(template));
        // The regex matches (the host part is a literal that differs, so it does not): masked from the prefix on.
        assertThat(installed).containsExactly("  DSN: postgres://app:***");
    }

    @Test
    void knownValuesAreMaskedAnywhereButShortOnesAreLeftToTheMarkers() {
        SecretMask mask = new SecretMask(markers, Map.of("db.password", PASSWORD, "api.token", "tok"), List.of(),
                List.of("registryPassw0rd"));
        assertThat(mask.maskInstalled(List.of("# copied " + PASSWORD + " and registryPassw0rd", "stock"), List.of()))
                .containsExactly("# copied *** and ***", "stock");
    }

    @Test
    void aFileThatIsOnlyASecretIsMaskedByPlace() {
        String old = "previousTokenValue";
        SecretMask mask = new SecretMask(markers, Map.of("db.password", PASSWORD), List.of(), List.of());
        List<String> template = List.of(rendered("{{db.password}}"));
        assertThat(mask.maskInstalled(List.of(old), List.of(template))).containsExactly("***");
        assertThat(mask.maskDesired(template)).containsExactly("***(changed)");
    }

    @Test
    void toStringHidesValues() {
        SecretMask mask = new SecretMask(markers, Map.of("db.password", PASSWORD), List.of(), List.of());
        assertThat(mask.toString()).doesNotContain(PASSWORD);
    }
}
