package dev.portico.api.v1alpha1;

/**
 * Where a request carries its API key.
 */
public enum ApiKeyLocation {
    /** A request header. */
    Header,
    /** A query parameter. */
    Query
}
