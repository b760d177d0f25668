package dev.portico.snapshot;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.RandomAccess;

/** Normalises collections in record constructors so that equal content means equal records. */
final class Canonical {
    private Canonical() {
    }

    static <T> List<T> list(List<T> in) {
        return in == null ? List.of() : List.copyOf(in);
    }

    static <T> List<T> sorted(List<T> in, Comparator<? super T> order) {
        if (in instanceof Sorted<?> sorted && sorted.order == order) {
            return in; // made by this class in this order: immutable and sorted already
        }
        if (in == null || in.isEmpty()) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(in);
        copy.sort(order);
        return new Sorted<>(copy.toArray(), order);
    }

    /** {@code inOrder}, which the caller built in {@code order} (a merge of sorted lists), as a canonical list. */
    static <T> List<T> trusted(List<T> inOrder, Comparator<? super T> order) {
        return inOrder.isEmpty() ? List.of() : new Sorted<>(inOrder.toArray(), order);
    }

    /**
     * An immutable list known to be in {@code order}: a record constructor given one in its own order takes it
     * as it is, so copying a snapshot of thousands of routes to a new version does not sort them again.
     */
    private static final class Sorted<T> extends AbstractList<T> implements RandomAccess {
        private final Object[] items;
        private final Comparator<?> order;

        Sorted(Object[] items, Comparator<?> order) {
            this.items = items;
            this.order = order;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get(int index) {
            return (T) items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    static List<String> sortedStrings(List<String> in) {
        return sorted(in, Comparator.naturalOrder());
    }
}
