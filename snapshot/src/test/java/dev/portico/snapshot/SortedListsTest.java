package dev.portico.snapshot;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Patch and diff of sorted lists agree with a plain map, wherever the edits fall (first, last, none, all). */
class SortedListsTest {
    private record Item(int key, String value) {
    }

    private static final Comparator<Item> BY_KEY = Comparator.comparingInt(Item::key);

    @Test
    void patchEqualsTheMapBuiltEditByEditWhereverTheEditsFall() {
        Random random = new Random(20261126L);
        for (int round = 0; round < 2_000; round++) {
            int size = random.nextInt(12);
            TreeMap<Integer, Item> map = new TreeMap<>();
            while (map.size() < size) {
                int key = random.nextInt(30);
                map.put(key, new Item(key, "base"));
            }
            List<Item> base = new ArrayList<>(map.values());
            List<Item> upserts = new ArrayList<>();
            List<Item> removals = new ArrayList<>();
            int edits = random.nextInt(5);
            TreeMap<Integer, Item> expected = new TreeMap<>(map);
            TreeMap<Integer, Item> upserted = new TreeMap<>();
            for (int e = 0; e < edits; e++) {
                int key = random.nextInt(32) - 1;
                if (random.nextBoolean() && !upserted.containsKey(key)) {
                    Item item = new Item(key, "upsert-" + round);
                    upserts.add(item);
                    upserted.put(key, item);
                } else {
                    removals.add(new Item(key, "probe"));
                    expected.remove(key);
                }
            }
            expected.putAll(upserted); // an upsert wins over a removal of the same key

            List<Item> patched = SortedLists.patch(base, upserts, removals, BY_KEY);

            assertThat(patched).as("base %s, upserts %s, removals %s", base, upserts, removals)
                    .containsExactlyElementsOf(expected.values());
            List<Item> changed = new ArrayList<>();
            List<Item> gone = new ArrayList<>();
            SortedLists.diff(base, patched, BY_KEY, changed::add, gone::add);
            List<Item> replayed = SortedLists.patch(base, changed, gone, BY_KEY);
            assertThat(replayed).containsExactlyElementsOf(patched);
        }
    }
}
