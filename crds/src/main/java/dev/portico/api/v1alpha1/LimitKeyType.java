package dev.portico.api.v1alpha1;

/**
 * What a rate-limit counter is keyed on.
 */
public enum LimitKeyType {
    /** The client's IP address. */
    ClientIP,
    /** The value of a request header. */
    Header,
    /** The value of a claim of the validated JWT. */
    JWTClaim,
    /** The client id of the validated API key. */
    APIKey,
    /** One counter for every request of the target. */
    Route
}
