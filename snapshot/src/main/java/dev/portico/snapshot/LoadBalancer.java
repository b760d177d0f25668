package dev.portico.snapshot;

/** How a rule spreads requests over a cluster's endpoints. {@code hash} only for ConsistentHash. */
public record LoadBalancer(Type type, HashOn hash) {

    public static final LoadBalancer ROUND_ROBIN = new LoadBalancer(Type.RoundRobin, null);

    public enum Type { RoundRobin, LeastRequest, Random, ConsistentHash }

    /** Exactly one of the three is set. */
    public record HashOn(String header, String cookie, boolean clientIP) {
    }

    public LoadBalancer {
        if (type == null) {
            type = Type.RoundRobin;
        }
    }
}
