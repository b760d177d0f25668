package dev.portico.dataplane.routing;

import dev.portico.snapshot.MatchPrecedence;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Sorted arrays of the matches that share one key (a path, a trie node, a host's regexes), kept in
 * {@link MatchPrecedence#ORDER}. Each change copies one such array: its cost is the matches sharing
 * that key, never the table.
 */
final class Candidates {
    static final CompiledMatch[] NONE = new CompiledMatch[0];
    /** Precedence, then match order inside one rule: a total order, so no result depends on insertion order. */
    static final Comparator<CompiledMatch> ORDER =
            Comparator.comparing(CompiledMatch::candidate, MatchPrecedence.ORDER)
                    .thenComparingInt(CompiledMatch::position);

    private Candidates() {
    }

    /** A copy with {@code m} in its place (after any equal one: the same match listed under two hosts). */
    static CompiledMatch[] insert(CompiledMatch[] sorted, CompiledMatch m) {
        int at = sorted.length;
        while (at > 0 && ORDER.compare(sorted[at - 1], m) > 0) {
            at--;
        }
        CompiledMatch[] out = new CompiledMatch[sorted.length + 1];
        System.arraycopy(sorted, 0, out, 0, at);
        out[at] = m;
        System.arraycopy(sorted, at, out, at + 1, sorted.length - at);
        return out;
    }

    /** A copy without {@code m} (the same instance), or the array itself when it is not there. */
    static CompiledMatch[] remove(CompiledMatch[] sorted, CompiledMatch m) {
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] == m) {
                if (sorted.length == 1) {
                    return NONE;
                }
                CompiledMatch[] out = Arrays.copyOf(sorted, sorted.length - 1);
                System.arraycopy(sorted, i + 1, out, i, sorted.length - i - 1);
                return out;
            }
        }
        return sorted;
    }
}
