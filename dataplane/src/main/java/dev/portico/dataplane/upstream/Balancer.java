package dev.portico.dataplane.upstream;

import dev.portico.snapshot.LoadBalancer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Picks one endpoint of a cluster among those available, the way a rule's loadBalancer says. */
public final class Balancer {
    private Balancer() {
    }

    /**
     * @param available non-empty list from {@link ClusterState#available}
     * @param hashKey   for ConsistentHash: the header, cookie or client IP value; null picks at random
     */
    public static EndpointState pick(LoadBalancer lb, ClusterState cluster, List<EndpointState> available,
            String hashKey) {
        int n = available.size();
        if (n == 1) {
            return available.get(0);
        }
        return switch (lb.type()) {
            case RoundRobin -> available.get(Math.floorMod(cluster.roundRobin.getAndIncrement(), n));
            case Random -> available.get(ThreadLocalRandom.current().nextInt(n));
            case LeastRequest -> twoChoices(available);
            case ConsistentHash -> {
                if (hashKey == null) {
                    yield available.get(ThreadLocalRandom.current().nextInt(n));
                }
                EndpointState e = cluster.ring().pick(hashKey, available);
                yield e != null ? e : available.get(0);
            }
        };
    }

    /** Power of two choices: two distinct random endpoints, the one with fewer requests in flight. */
    private static EndpointState twoChoices(List<EndpointState> available) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int n = available.size();
        int a = r.nextInt(n);
        int b = r.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        EndpointState x = available.get(a);
        EndpointState y = available.get(b);
        return y.active() < x.active() ? y : x;
    }
}
