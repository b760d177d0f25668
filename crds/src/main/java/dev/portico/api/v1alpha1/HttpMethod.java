package dev.portico.api.v1alpha1;

/**
 * An HTTP request method.
 */
public enum HttpMethod {
    /** GET */
    GET,
    /** HEAD */
    HEAD,
    /** POST */
    POST,
    /** PUT */
    PUT,
    /** DELETE */
    DELETE,
    /** CONNECT */
    CONNECT,
    /** OPTIONS */
    OPTIONS,
    /** TRACE */
    TRACE,
    /** PATCH */
    PATCH
}
