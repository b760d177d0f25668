package dev.portico.api.v1alpha1;

/**
 * Where rate-limit counters live.
 */
public enum RateLimitScope {
    /** Each data plane counts alone. */
    Local,
    /** Counters shared by every data plane in Redis. */
    Global
}
