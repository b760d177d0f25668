package dev.portico.api.v1alpha1;

/**
 * How a header or query parameter value is compared.
 */
public enum ValueMatchType {
    /** The whole value, case-sensitive. */
    Exact,
    /** A Java regular expression that must match the whole value. */
    RegularExpression,
    /** The header or parameter is present, whatever its value. */
    Present
}
