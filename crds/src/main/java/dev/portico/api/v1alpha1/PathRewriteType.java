package dev.portico.api.v1alpha1;

/**
 * How a path is rewritten.
 */
public enum PathRewriteType {
    /** Replace the part matched by a PathPrefix match and keep the rest. */
    ReplacePrefixMatch,
    /** Replace the whole path. */
    ReplaceFullPath
}
