package dev.portico.snapshot;

import java.util.Comparator;
import java.util.List;

/**
 * One Service port and its ready endpoints.
 *
 * @param name          {@code namespace/service:port}, what {@link BackendRef#cluster()} names
 * @param serviceExists false when the Service is missing: its share of traffic gets 500, not 503
 * @param endpoints     ready endpoints only, ordered by address and port
 */
public record Cluster(String name, String namespace, String service, int port, boolean serviceExists,
        List<Endpoint> endpoints) {

    public Cluster {
        endpoints = Canonical.sorted(endpoints,
                Comparator.comparing(Endpoint::address).thenComparingInt(Endpoint::port));
    }

    public static String nameOf(String namespace, String service, int port) {
        return namespace + "/" + service + ":" + port;
    }

    public Cluster withEndpoints(List<Endpoint> newEndpoints) {
        return new Cluster(name, namespace, service, port, serviceExists, newEndpoints);
    }
}
