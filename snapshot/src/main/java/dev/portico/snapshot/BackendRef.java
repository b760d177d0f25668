package dev.portico.snapshot;

/** A weighted share of a rule's traffic, sent to the named {@link Cluster}. */
public record BackendRef(String cluster, int weight) {
}
