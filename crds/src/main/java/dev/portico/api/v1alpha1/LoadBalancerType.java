package dev.portico.api.v1alpha1;

/**
 * How an endpoint is picked.
 */
public enum LoadBalancerType {
    /** Each endpoint in turn. */
    RoundRobin,
    /** The endpoint with the fewest requests in flight. */
    LeastRequest,
    /** A random endpoint. */
    Random,
    /** The same key goes to the same endpoint while the endpoint set is stable. */
    ConsistentHash
}
