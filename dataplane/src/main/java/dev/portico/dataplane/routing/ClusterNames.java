package dev.portico.dataplane.routing;

import dev.portico.snapshot.Cluster;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cluster names of one snapshot, looked up in its name-sorted cluster list: checking one
 * route's backends costs a binary search per backend, not a set of every cluster per change.
 */
final class ClusterNames {
    private final List<Cluster> sorted;

    ClusterNames(List<Cluster> sortedByName) {
        this.sorted = sortedByName;
    }

    boolean contains(String name) {
        int lo = 0;
        int hi = sorted.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = sorted.get(mid).name().compareTo(name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Names in {@code before} (sorted by name too) that are not here: what routes kept as they were may lack. */
    Set<String> vanishedSince(List<Cluster> before) {
        Set<String> gone = new HashSet<>();
        int j = 0;
        for (Cluster old : before) {
            while (j < sorted.size() && sorted.get(j) != old && sorted.get(j).name().compareTo(old.name()) < 0) {
                j++;
            }
            if (j < sorted.size() && (sorted.get(j) == old || sorted.get(j).name().equals(old.name()))) {
                j++;
            } else {
                gone.add(old.name());
            }
        }
        return gone;
    }
}
