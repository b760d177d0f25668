package dev.portico.dataplane.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashTrieTest {

    @Test
    void behavesAsAMapUnderRandomPutsAndRemovalsIncludingEqualHashes() {
        // "Aa" and "BB" hash alike, so every word of them collides on all 32 bits.
        List<String> keys = new java.util.ArrayList<>(List.of("Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", "", "/"));
        for (int i = 0; i < 400; i++) {
            keys.add("seg-" + i);
        }
        Random random = new Random(5);
        HashTrie<Integer> trie = HashTrie.empty();
        Map<String, Integer> expected = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            String key = keys.get(random.nextInt(keys.size()));
            HashTrie<Integer> before = trie;
            Map<String, Integer> expectedBefore = new HashMap<>(expected);
            if (random.nextInt(3) == 0) {
                trie = trie.without(key);
                expected.remove(key);
            } else {
                trie = trie.with(key, step);
                expected.put(key, step);
            }
            assertThat(trie.size()).isEqualTo(expected.size());
            assertThat(trie.get(key)).isEqualTo(expected.get(key));
            assertThat(before.get(key)).as("the previous version is untouched").isEqualTo(expectedBefore.get(key));
        }
        Map<String, Integer> seen = new HashMap<>();
        trie.forEach(seen::put);
        assertThat(seen).isEqualTo(expected);
        for (String key : keys) {
            assertThat(trie.get(key)).isEqualTo(expected.get(key));
        }
    }

    @Test
    void removingEveryKeyLeavesTheEmptyMap() {
        HashTrie<String> trie = HashTrie.empty();
        for (String k : List.of("Aa", "BB", "x", "y")) {
            trie = trie.with(k, k);
        }
        for (String k : List.of("BB", "x", "Aa", "y")) {
            trie = trie.without(k);
        }
        assertThat(trie.isEmpty()).isTrue();
        assertThat(trie).isSameAs(HashTrie.<String>empty());
    }
}
