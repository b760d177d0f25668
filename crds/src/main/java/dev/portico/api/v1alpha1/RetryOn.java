package dev.portico.api.v1alpha1;

/**
 * An upstream failure that can be retried.
 */
public enum RetryOn {
    /** The connection to the endpoint could not be opened. */
    ConnectFailure,
    /** The connection was reset or closed before a response. */
    Reset,
    /** The upstream answered 502, 503 or 504. */
    GatewayError
}
