package dev.portico.dataplane.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A consistent-hash ring with virtual nodes: removing one endpoint moves only its share of keys. */
final class HashRing {
    private static final int VIRTUAL_NODES = 160;
    private final long[] points;
    private final EndpointState[] owners;

    HashRing(List<EndpointState> endpoints) {
        int n = endpoints.size() * VIRTUAL_NODES;
        long[][] pairs = new long[n][2];
        int k = 0;
        for (int e = 0; e < endpoints.size(); e++) {
            for (int v = 0; v < VIRTUAL_NODES; v++) {
                pairs[k][0] = hash(endpoints.get(e).authority() + "#" + v);
                pairs[k][1] = e;
                k++;
            }
        }
        Arrays.sort(pairs, (a, b) -> Long.compareUnsigned(a[0], b[0]));
        points = new long[n];
        owners = new EndpointState[n];
        for (int i = 0; i < n; i++) {
            points[i] = pairs[i][0];
            owners[i] = endpoints.get((int) pairs[i][1]);
        }
    }

    /** The first owner clockwise from the key's hash that {@code usable} accepts. */
    EndpointState pick(String key, List<EndpointState> usable) {
        if (points.length == 0) {
            return null;
        }
        long h = hash(key);
        int i = lowerBound(h);
        for (int step = 0; step < points.length; step++) {
            EndpointState owner = owners[(i + step) % points.length];
            if (usable.contains(owner)) {
                return owner;
            }
        }
        return null;
    }

    private int lowerBound(long h) {
        int lo = 0;
        int hi = points.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(points[mid], h) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == points.length ? 0 : lo;
    }

    /** FNV-1a 64 followed by a murmur finaliser for spread. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
