package dev.portico.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Normalises collections in record constructors so that equal content means equal records. */
final class Canonical {
    private Canonical() {
    }

    static <T> List<T> list(List<T> in) {
        return in == null ? List.of() : List.copyOf(in);
    }

    static <T> List<T> sorted(List<T> in, Comparator<? super T> order) {
        if (in == null || in.isEmpty()) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(in);
        copy.sort(order);
        return List.copyOf(copy);
    }

    static List<String> sortedStrings(List<String> in) {
        return sorted(in, Comparator.naturalOrder());
    }
}
