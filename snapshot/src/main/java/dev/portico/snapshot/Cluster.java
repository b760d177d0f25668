package dev.portico.snapshot;

import java.util.Comparator;
import java.util.List;

/**
 * One Service port and its ready endpoints.
 *
 * @param name          {@code namespace/service:port}, what {@link BackendRef#cluster()} names
 * @param serviceExists false when the Service or its port is missing: its share of traffic gets 500, not 503
 * @param endpoints     ready endpoints only, ordered by address and port
 * @param notFound      when {@code serviceExists} is false, what is missing ("service shop/users has no port
 *                      9999"), for the 500's message; null otherwise, and from operators before it was added
 */
public record Cluster(String name, String namespace, String service, int port, boolean serviceExists,
        List<Endpoint> endpoints, String notFound) {

    public Cluster {
        endpoints = Canonical.sorted(endpoints,
                Comparator.comparing(Endpoint::address).thenComparingInt(Endpoint::port));
    }

    /** A cluster without a {@code notFound} reason. */
    public Cluster(String name, String namespace, String service, int port, boolean serviceExists,
            List<Endpoint> endpoints) {
        this(name, namespace, service, port, serviceExists, endpoints, null);
    }

    /** What a 500 for this cluster says. */
    public String notFoundMessage() {
        return notFound != null ? notFound : "service " + namespace + "/" + service + " does not exist";
    }

    public static String nameOf(String namespace, String service, int port) {
        return namespace + "/" + service + ":" + port;
    }

    public Cluster withEndpoints(List<Endpoint> newEndpoints) {
        return new Cluster(name, namespace, service, port, serviceExists, newEndpoints, notFound);
    }
}
