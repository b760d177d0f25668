package dev.portico.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Diff and patch of two lists kept in the same canonical order, in one pass side by side: a one-route change
 * to a snapshot of thousands costs a walk, not maps of both. Items carried over unchanged are the same
 * objects, so the identity check settles nearly every comparison.
 */
final class SortedLists {
    private SortedLists() {
    }

    /** Reports every item of {@code after} that is new or differs from {@code before}'s, and every one gone. */
    static <T> void diff(List<T> before, List<T> after, Comparator<? super T> order, Consumer<T> upserted,
            Consumer<T> removed) {
        int i = 0;
        int j = 0;
        while (i < before.size() || j < after.size()) {
            if (j == after.size()) {
                removed.accept(before.get(i++));
            } else if (i == before.size()) {
                upserted.accept(after.get(j++));
            } else if (before.get(i) == after.get(j)) {
                i++; // carried over as the same object: nothing to compare
                j++;
            } else {
                T old = before.get(i);
                T fresh = after.get(j);
                int c = order.compare(old, fresh);
                if (c < 0) {
                    removed.accept(old);
                    i++;
                } else if (c > 0) {
                    upserted.accept(fresh);
                    j++;
                } else {
                    if (old != fresh && !old.equals(fresh)) {
                        upserted.accept(fresh);
                    }
                    i++;
                    j++;
                }
            }
        }
    }

    /**
     * {@code base} with {@code upserts} put in (replacing equal items) and the items equal to a {@code removals}
     * probe left out, "equal" meaning {@code order} says 0. The stretches of {@code base} before the first edit
     * and after the last are copied whole (a binary search finds the first), so a few edits to thousands of
     * items cost their own places, not a walk that compares every item.
     */
    static <T> List<T> patch(List<T> base, List<T> upserts, List<T> removals, Comparator<? super T> order) {
        List<T> sortedUpserts = new ArrayList<>(upserts);
        sortedUpserts.sort(order);
        List<T> sortedRemovals = new ArrayList<>(removals);
        sortedRemovals.sort(order);
        List<T> merged = new ArrayList<>(base.size() + sortedUpserts.size());
        int start = firstNotBelow(base, sortedUpserts, sortedRemovals, order);
        merged.addAll(base.subList(0, start)); // every item before the first edit stays as it is
        int j = 0;
        int r = 0;
        for (int i = start; i < base.size(); i++) {
            if (j == sortedUpserts.size() && r == sortedRemovals.size()) {
                merged.addAll(base.subList(i, base.size())); // no edit left: the rest stays as it is
                break;
            }
            T item = base.get(i);
            while (j < sortedUpserts.size() && order.compare(sortedUpserts.get(j), item) < 0) {
                merged.add(sortedUpserts.get(j++));
            }
            while (r < sortedRemovals.size() && order.compare(sortedRemovals.get(r), item) < 0) {
                r++;
            }
            if (j < sortedUpserts.size() && order.compare(sortedUpserts.get(j), item) == 0) {
                merged.add(sortedUpserts.get(j++)); // an upsert wins over a removal of the same key
            } else if (r >= sortedRemovals.size() || order.compare(sortedRemovals.get(r), item) != 0) {
                merged.add(item);
            }
        }
        merged.addAll(sortedUpserts.subList(j, sortedUpserts.size()));
        return merged;
    }

    /** The index of the first item of {@code base} not below the smallest edit; base.size() when none is. */
    private static <T> int firstNotBelow(List<T> base, List<T> sortedUpserts, List<T> sortedRemovals,
            Comparator<? super T> order) {
        T least = null;
        if (!sortedUpserts.isEmpty()) {
            least = sortedUpserts.get(0);
        }
        if (!sortedRemovals.isEmpty() && (least == null || order.compare(sortedRemovals.get(0), least) < 0)) {
            least = sortedRemovals.get(0);
        }
        if (least == null) {
            return base.size();
        }
        int low = 0;
        int high = base.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (order.compare(base.get(mid), least) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
