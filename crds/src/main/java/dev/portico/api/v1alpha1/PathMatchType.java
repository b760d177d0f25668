package dev.portico.api.v1alpha1;

/**
 * How a path value is compared with the request path.
 */
public enum PathMatchType {
    /** The whole path, case-sensitive. */
    Exact,
    /** Whole leading segments; a trailing slash in the value is ignored. */
    PathPrefix,
    /** Literal segments and {name} segments that capture one non-empty segment. */
    Template,
    /** A Java regular expression that must match the whole normalized path. */
    RegularExpression
}
