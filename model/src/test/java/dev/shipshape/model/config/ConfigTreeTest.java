package dev.shipshape.model.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigTreeTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void mapsMergeDeeplyAndLaterLayersWin() {
        Map<String, Object> defaults = map("web", map("port", 80, "title", "Spacetech"), "db", map("port", 5432));
        Map<String, Object> global = map("web", map("port", 8080), "mainDomain", "example.org");
        Map<String, Object> merged = ConfigTree.merge(defaults, global);
        assertThat(merged).isEqualTo(map("web", map("port", 8080, "title", "Spacetech"), "db", map("port", 5432),
                "mainDomain", "example.org"));
    }

    @Test
    void scalarsAndListsReplace() {
        Map<String, Object> low = map("list", new ArrayList<>(List.of(1, 2, 3)), "s", "a", "m", map("x", 1));
        Map<String, Object> high = map("list", List.of(9), "s", map("now", "a map"), "m", "now a scalar");
        assertThat(ConfigTree.merge(low, high)).isEqualTo(map("list", List.of(9), "s", map("now", "a map"), "m", "now a scalar"));
    }

    @Test
    void lowerPriorityLayersNeverWin() {
        Map<String, Object> defaults = map("a", map("b", map("c", "default")));
        Map<String, Object> secrets = map("a", map("b", map("c", "generated")));
        Map<String, Object> global = map("a", map("b", map("c", "global")));
        Map<String, Object> user = map("a", map("b", map("c", "user")));
        assertThat(ConfigTree.get(ConfigTree.merge(defaults, secrets, global, user), "a.b.c")).isEqualTo("user");
        assertThat(ConfigTree.get(ConfigTree.merge(user, global, secrets, defaults), "a.b.c")).isEqualTo("default");
        assertThat(ConfigTree.get(ConfigTree.merge(List.of(defaults, global)), "a.b.c")).isEqualTo("global");
    }

    @Test
    void inputsAreNotMutated() {
        Map<String, Object> low = map("a", map("x", 1, "list", new ArrayList<>(List.of(1))));
        Map<String, Object> high = map("a", map("y", 2));
        String lowBefore = low.toString();
        String highBefore = high.toString();
        Map<String, Object> merged = ConfigTree.merge(low, high);
        assertThat(low.toString()).isEqualTo(lowBefore);
        assertThat(high.toString()).isEqualTo(highBefore);
        // and the result shares no mutable structure with the inputs
        @SuppressWarnings("unchecked") Map<String, Object> a = (Map<String, Object>) merged.get("a");
        a.put("z", 3);
        @SuppressWarnings("unchecked") List<Object> list = (List<Object>) a.get("list");
        list.add(2);
        assertThat(low.toString()).isEqualTo(lowBefore);
        assertThat(high.toString()).isEqualTo(highBefore);
    }

    @Test
    void noLayersGiveAnEmptyTree() {
        assertThat(ConfigTree.merge()).isEmpty();
    }

    @Test
    void nullLayersAreSkipped() {
        assertThat(ConfigTree.merge(map("a", 1), null, map("b", 2))).isEqualTo(map("a", 1, "b", 2));
    }

    @Test
    void expandDottedKeysNestsAndMerges() {
        Map<String, Object> in = map("db.password", "p", "db", map("port", 1), "a.b.c", "x", "plain", "v",
                "nested", map("k.l", 2));
        Map<String, Object> out = ConfigTree.expandDottedKeys(in);
        assertThat(out).isEqualTo(map("db", map("password", "p", "port", 1), "a", map("b", map("c", "x")), "plain", "v",
                "nested", map("k", map("l", 2))));
        assertThat(in).containsKey("db.password");
    }

    @Test
    void getFollowsDottedPaths() {
        Map<String, Object> tree = map("a", map("b", map("c", 42)), "s", "x");
        assertThat(ConfigTree.get(tree, "a.b.c")).isEqualTo(42);
        assertThat(ConfigTree.get(tree, "a.b")).isEqualTo(map("c", 42));
        assertThat(ConfigTree.get(tree, "a.x.c")).isNull();
        assertThat(ConfigTree.get(tree, "s.t")).isNull();
        assertThat(ConfigTree.get(tree, "missing")).isNull();
    }

    @Test
    void aKeyWithAnEmptyPartIsRefusedNamingTheFileAndTheKey() {
        for (String key : java.util.List.of(".", "a..b", ".a", "a.")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigTree.expandDottedKeys("user-secret", map(key, "v")))
                    .as(key)
                    .isInstanceOf(dev.shipshape.model.InvalidInputException.class)
                    .hasMessageStartingWith("user-secret: " + key + ": ")
                    .hasMessageContaining("empty part")
                    .hasMessageNotContaining(": v");
        }
    }

    @Test
    void laterKeysWinAsInMerge() {
        assertThat(ConfigTree.expandDottedKeys(map("a", 1, "a.b", 2))).isEqualTo(map("a", map("b", 2)));
        assertThat(ConfigTree.expandDottedKeys(map("a.b", 2, "a", 1))).isEqualTo(map("a", 1));
        assertThat(ConfigTree.expandDottedKeys(map("a.b", 2, "a", map("c", 3), "a.b.d", 4)))
                .isEqualTo(map("a", map("b", map("d", 4), "c", 3)));
    }

    @Test
    void twentyThousandDottedKeysExpandInOnePass() {
        Map<String, Object> in = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            in.put("group" + (i % 100) + ".key" + i, "v" + i);
        }
        // Merging each key into a copy of the tree so far took 33 s; one pass takes milliseconds.
        Map<String, Object> out = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(3),
                () -> ConfigTree.expandDottedKeys(in));
        assertThat(out).hasSize(100);
        assertThat(ConfigTree.get(out, "group7.key19907")).isEqualTo("v19907");
    }
}
