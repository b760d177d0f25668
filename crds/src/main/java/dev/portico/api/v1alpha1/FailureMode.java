package dev.portico.api.v1alpha1;

/**
 * What a Global limit does when Redis is unreachable.
 */
public enum FailureMode {
    /** Let requests through. */
    Open,
    /** Reject requests with 503. */
    Closed
}
