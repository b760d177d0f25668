package dev.portico.dataplane.upstream;

import dev.portico.snapshot.BackendRef;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Splits a rule's traffic over its backends in proportion to their weights. */
public final class BackendChoice {
    private BackendChoice() {
    }

    /** @return the chosen backend, or null when every weight is 0 */
    public static BackendRef pick(List<BackendRef> backends) {
        if (backends.size() == 1) {
            return backends.get(0).weight() > 0 ? backends.get(0) : null;
        }
        long total = 0;
        for (BackendRef b : backends) {
            total += Math.max(0, b.weight());
        }
        if (total == 0) {
            return null;
        }
        long x = ThreadLocalRandom.current().nextLong(total);
        for (BackendRef b : backends) {
            x -= Math.max(0, b.weight());
            if (x < 0) {
                return b;
            }
        }
        return backends.get(backends.size() - 1);
    }
}
