package dev.portico.dataplane.upstream;

import dev.portico.snapshot.BackendRef;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/** Splits a rule's traffic over its backends in proportion to their weights. */
public final class BackendChoice {
    private static final Predicate<BackendRef> EVERY = b -> true;

    private BackendChoice() {
    }

    /** @return the chosen backend, or null when every weight is 0 */
    public static BackendRef pick(List<BackendRef> backends) {
        if (backends.size() == 1) {
            return backends.get(0).weight() > 0 ? backends.get(0) : null;
        }
        return pick(backends, EVERY);
    }

    /**
     * By weight among the backends {@code eligible} admits (a retry's choice: weights keep their proportions
     * among those left).
     *
     * @return the chosen backend, or null when no eligible backend has a weight above 0
     */
    public static BackendRef pick(List<BackendRef> backends, Predicate<BackendRef> eligible) {
        long total = 0;
        for (BackendRef b : backends) {
            total += share(b, eligible);
        }
        if (total == 0) {
            return null;
        }
        long x = ThreadLocalRandom.current().nextLong(total);
        BackendRef last = null;
        for (BackendRef b : backends) {
            long share = share(b, eligible);
            if (share > 0) {
                last = b;
                x -= share;
                if (x < 0) {
                    return b;
                }
            }
        }
        return last;
    }

    private static long share(BackendRef b, Predicate<BackendRef> eligible) {
        return b.weight() > 0 && eligible.test(b) ? b.weight() : 0;
    }
}
